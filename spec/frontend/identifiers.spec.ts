import { describe, expect, it } from 'vitest';
import { EpicUnboundNameError } from '../../lib/errors.js';
import { host, lit, v } from '../../lib/terms/term.js';
import { errorOf, tr } from './helpers.js';

const expr = (text: string, hosts?: ReadonlySet<string>) => {
  const t = tr(`(x) => ${text}`, hosts);
  if (t.kind !== 'Lam') throw new Error('not a Lam');
  return t.body;
};

describe('names', () => {
  it('resolve to locals, then hosts, then known globals', () => {
    expect(expr('x')).toStrictEqual(v('x'));
    expect(expr('judge')).toStrictEqual(host('judge'));
    expect(expr('Infinity')).toStrictEqual(lit(Infinity));
    expect(expr('undefined', new Set(['undefined']))).toStrictEqual(host('undefined'));
  });

  it('an unknown name is an EpicUnboundNameError with its location, thrown before anything runs', () => {
    const e = errorOf('(x) => {\n  const y = judg(x);\n  return y;\n}');
    expect(e).toBeInstanceOf(EpicUnboundNameError);
    expect((e as EpicUnboundNameError).unbound).toBe('judg');
    expect(e.message).toBe(
      'Unknown name "judg": not a parameter, a local, a host value or a known global; ' +
        "did you mean 'judge'?\n  at p:2:13\n2 |   const y = judg(x);\n  |             ^",
    );
  });

  it('suggests close local names too', () => {
    expect(errorOf('(x) => { const total = 1; return totl; }', new Set()).message).toContain("did you mean 'total'?");
  });

  it('says how to provide a name that is not close to anything', () => {
    expect(errorOf('(x) => zzzq(x)').message).toContain(
      'to call an external function, pass it in the host object: program({ zzzq, … }, …)',
    );
  });

  it('explains impure globals', () => {
    expect(errorOf('(x) => setTimeout(x)').message).toContain('timers are not available');
    expect(errorOf('(x) => process.env.X').message).toContain('process is not available');
  });
});
