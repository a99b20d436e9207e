/**
 * Conformance programs: each file in cases/ is a program (a JS function, or a term in core
 * syntax) with its arguments and its expected value or error, and optionally the expected host
 * calls and the virtual completion time of each strategy ("opportunistic / sequential").
 *
 * File format: `key: JSON` header lines, a line `---`, then the program text. Keys:
 * description, args, syntax ("js" default, or "core"), latency ("host=ms …", default 10 ms),
 * value | error (the first line of the message), calls (a multiset of "host(args)"), time.
 *
 * Hosts available to every case: inc(x), add(a, b), score(s) (its length), even(x),
 * upper(s), words(s), fail(message) (throws).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defer, map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../lib/execute.js';
import { Program } from '../../lib/program.js';
import { translateFunction } from '../../lib/frontend/translate.js';
import { parseTerm } from '../../lib/terms/parse.js';
import type { Lam } from '../../lib/terms/term.js';

const BEHAVIOUR: Record<string, (...args: any[]) => unknown> = {
  inc: (x: number) => x + 1,
  add: (a: number, b: number) => a + b,
  score: (s: string) => s.length,
  even: (x: number) => x % 2 === 0,
  upper: (s: string) => s.toUpperCase(),
  words: (s: string) => s.split(' '),
  fail: (message: string) => {
    throw new Error(message);
  },
};

interface Case {
  readonly file: string;
  readonly header: Record<string, string>;
  readonly text: string;
}

const dir = join(import.meta.dirname, 'cases');
const cases: Case[] = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => {
    const raw = readFileSync(join(dir, file), 'utf8');
    const [head, ...body] = raw.split(/^---$/m);
    const header: Record<string, string> = {};
    for (const line of head!.split('\n').filter((l) => l.trim())) {
      const at = line.indexOf(':');
      header[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return { file, header, text: body.join('---').trim() };
  });

function hostsFor(c: Case, calls: string[]): Record<string, unknown> {
  const latency: Record<string, number> = {};
  for (const pair of (c.header.latency ?? '').split(/\s+/).filter(Boolean)) {
    const [name, ms] = pair.split('=');
    latency[name!] = Number(ms);
  }
  return Object.fromEntries(
    Object.entries(BEHAVIOUR).map(([name, fn]) => [
      name,
      (...args: unknown[]) =>
        defer(() => {
          calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
          return timer(latency[name] ?? 10).pipe(map(() => fn(...args)));
        }),
    ]),
  );
}

function programOf(c: Case, hosts: Record<string, unknown>): Program {
  const term =
    c.header.syntax === 'core'
      ? (parseTerm(c.text, c.file) as Lam)
      : translateFunction(c.text, { name: c.file, hosts: new Set(Object.keys(hosts)) });
  return Program.fromTerm(term, hosts, { name: c.file });
}

function run(c: Case, strategy: Strategy) {
  const calls: string[] = [];
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const out: { value?: unknown; error?: Error; time?: number } = {};
  scheduler.run(({ flush }) => {
    const args = JSON.parse(c.header.args ?? '[]') as unknown[];
    programOf(c, hostsFor(c, calls))
      .with({ strategy })
      .run(...args)
      .subscribe({
        next: (value) => {
          out.value = value;
          out.time = scheduler.now();
        },
        error: (error: Error) => {
          out.error = error;
        },
      });
    flush();
  });
  return { ...out, calls };
}

describe('conformance programs', () => {
  it('found the case files', () => expect(cases.length).toBeGreaterThan(15));

  describe.each(cases)('$file', (c) => {
    const [opportunisticTime, sequentialTime] = (c.header.time ?? '').split('/').map((t) => Number(t.trim()));
    it.each(['opportunistic', 'sequential'] as const)(`${c.header.description} (%s)`, (strategy) => {
      const out = run(c, strategy);
      if (c.header.error) {
        expect(out.error?.message.split('\n')[0]).toBe(c.header.error);
        expect(out.error?.message).toMatch(new RegExp(`\\n {2}at ${c.file.replace('.', '\\.')}:\\d+:\\d+\\n`));
        return;
      }
      expect(out.error).toBeUndefined();
      expect(out.value).toEqual(JSON.parse(c.header.value!));
      if (c.header.calls) expect([...out.calls].sort()).toEqual((JSON.parse(c.header.calls) as string[]).sort());
      const time = strategy === 'opportunistic' ? opportunisticTime : sequentialTime;
      if (c.header.time) expect(out.time).toBe(time);
    });
  });
});
