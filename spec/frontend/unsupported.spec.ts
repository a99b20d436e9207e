import { describe, expect, it } from 'vitest';
import { EpicSyntaxError } from '../../lib/errors.js';
import { UNSUPPORTED } from '../../lib/frontend/unsupported.js';
import { errorOf } from './helpers.js';

/** [source, construct message, line:column of the construct]. */
const STATEMENTS: [string, string, string][] = [
  ['(x) => {\n  try { f(x); } catch (e) { g(e); }\n}', UNSUPPORTED.try, '2:3'],
  ['(x) => {\n  if (x) throw new Error("no");\n}', UNSUPPORTED.throw, '2:10'],
  ['(x) => {\n  switch (x) { case 1: return 1; }\n}', UNSUPPORTED.switch, '2:3'],
  ['(x) => {\n  class A {}\n  return x;\n}', UNSUPPORTED.class, '2:3'],
  ['(x) => {\n  debugger;\n}', UNSUPPORTED.debugger, '2:3'],
  ['(x) => {\n  a: { f(x); }\n}', UNSUPPORTED.label, '2:3'],
  ['(x) => {\n  return await f(x);\n}', "Cannot use keyword 'await' outside an async function", '2:10'],
  ['async (x) => {\n  return await f(x);\n}', UNSUPPORTED.async, '1:1'],
  ['function* (x) {\n  yield x;\n}', UNSUPPORTED.generator, '1:1'],
  ['(x) => {\n  for await (const y of x) {}\n}', 'Cannot parse the program', '2:7'],
  ['(x) => {\n  with (x) {}\n}', 'Cannot parse the program', '2:3'],
];

describe('unsupported statements', () => {
  it.each(STATEMENTS)('%s', (text, message, where) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(EpicSyntaxError);
    expect(e.message).toContain(message);
    const [line, column] = where.split(':').map(Number) as [number, number];
    const sourceLine = text.split('\n')[line - 1]!;
    expect(e.message).toContain(
      `\n  at p:${where}\n${line} | ${sourceLine}\n  | ${' '.repeat(String(line).length - 1)}${' '.repeat(column - 1)}^`,
    );
  });

  it('every message names the construct and says what to do instead (or why)', () => {
    for (const message of Object.values(UNSUPPORTED)) expect(message.length).toBeGreaterThan(20);
  });
});
