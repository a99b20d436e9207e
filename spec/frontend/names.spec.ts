import { describe, expect, it } from 'vitest';
import { NameSupply, namesToReserve } from '../../lib/frontend/names.js';

describe('NameSupply', () => {
  it('gives a binding its own name once, then fresh versions', () => {
    const names = new NameSupply(new Set(['x']));
    expect(names.claim('x')).toBe('x');
    expect(names.claim('x')).toBe('x$1');
    expect(names.fresh('x$')).toBe('x$2');
  });

  it('never issues a reserved or already issued name', () => {
    const names = new NameSupply(new Set(['$t1', '$t3']));
    expect(names.fresh('$t')).toBe('$t2');
    expect(names.fresh('$t')).toBe('$t4');
    expect(names.claim('$t5')).toBe('$t5');
    expect(names.fresh('$t')).toBe('$t6');
  });

  it('keeps separate counters per prefix', () => {
    const names = new NameSupply(new Set());
    expect([names.fresh('$k'), names.fresh('$t'), names.fresh('$k')]).toEqual(['$k1', '$t1', '$k2']);
  });
});

describe('namesToReserve', () => {
  it('finds every word with a $, wherever it is, and no other', () => {
    expect([...namesToReserve('(x$1, y) => { const $t1 = x$1.$k2; return "$loop1 é$1" + $; }')].sort()).toEqual([
      '$',
      '$k2',
      '$loop1',
      '$t1',
      'x$1',
      'é$1',
    ]);
  });
});
