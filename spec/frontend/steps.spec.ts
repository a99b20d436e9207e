import { describe, expect, it } from 'vitest';
import { let_, lit, v } from '../../lib/terms/term.js';
import type { Env } from '../../lib/frontend/context.js';
import { close, closed, mapEnv, open, Sequence } from '../../lib/frontend/steps.js';

// Environments are opaque to steps: tokens stand in for them.
const env = (n: number): Env => ({ n }) as unknown as Env;

describe('steps', () => {
  it('plug the code after them inside their frames, outermost first', () => {
    const seq = new Sequence(env(0));
    seq.add(() => open(env(1), (rest) => let_('a', lit(1), rest)));
    seq.frame((rest) => let_('b', v('a'), rest));
    expect(close(seq.step(), (e) => lit((e as unknown as { n: number }).n))).toEqual(
      let_('a', lit(1), let_('b', v('a'), lit(1))),
    );
  });

  it('stop at a closed step: what follows is never translated', () => {
    const seq = new Sequence(env(0));
    seq.add(() => open(env(1), (rest) => let_('a', lit(1), rest)));
    expect(seq.add(() => closed(v('a')))).toBe(false);
    expect(seq.add(() => expect.fail('translated after a return'))).toBe(false);
    expect(close(seq.step(), () => expect.fail('no code follows a return'))).toEqual(let_('a', lit(1), v('a')));
  });

  it('plug 100,000 frames without growing the stack', () => {
    const seq = new Sequence(env(0));
    for (let i = 0; i < 100_000; i++) seq.frame((rest) => let_(`x${i}`, lit(i), rest));
    let term = close(
      mapEnv(seq.step(), () => env(1)),
      () => lit('end'),
    );
    let depth = 0;
    while (term.kind === 'Let') {
      term = term.body;
      depth++;
    }
    expect([depth, term]).toEqual([100_000, lit('end')]);
  });
});
