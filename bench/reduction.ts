/**
 * Pure reduction speed: programs with no host calls, against the very same functions run as
 * plain JS. Both are warmed up and timed alternately in the same process; the figure is the
 * ratio of the fastest runs (the least disturbed by other load on this shared machine), with
 * the ratio of medians in the note. Target: within 30× of plain JS.
 */
import { program } from '../lib/index.js';
import { timeInterleaved, type Figure, type Suite } from './harness.js';

const sumFold = (xs: number[]) => {
  let total = 0;
  for (const x of xs) {
    total = total + x;
  }
  return total;
};

const fibRecursive = (n: number) => {
  const fib = (k: number): number => (k < 2 ? k : fib(k - 1) + fib(k - 2));
  return fib(n);
};

const countWhile = (n: number) => {
  let i = 0;
  let acc = 0;
  while (i < n) {
    acc = acc + (i % 7);
    i = i + 1;
  }
  return acc;
};

async function compare(name: string, fn: (arg: any) => number, arg: unknown, log: (l: string) => void): Promise<Figure[]> {
  const prog = program({}, fn, { name });
  const expected = fn(arg);
  const got = await prog.evaluate(arg);
  if (got !== expected) throw new Error(`${name}: program gave ${got}, plain JS ${expected}`);
  const { a: plain, b: epic } = await timeInterleaved(() => fn(arg), () => prog.evaluate(arg));
  const ratio = epic.min / plain.min;
  log(`${name}: plain JS ${plain.min.toFixed(3)} ms (median ${plain.median.toFixed(3)}), epic-rx ${epic.min.toFixed(3)} ms (median ${epic.median.toFixed(3)})`);
  return [{
    name: `${name}: epic-rx / plain JS`, value: ratio, unit: '×', target: '≤ 30×', met: ratio <= 30,
    note: `fastest of 21 interleaved runs each: ${epic.min.toFixed(2)} ms vs ${plain.min.toFixed(3)} ms; ratio of medians ${(epic.median / plain.median).toFixed(1)}×`,
  }];
}

export const suite: Suite = {
  name: 'reduction',
  description: 'pure reduction (no host calls) against the same code as plain JS',
  async run(log) {
    const xs = Array.from({ length: 100_000 }, (_, i) => i % 1000);
    return [
      ...(await compare('fold summing 100,000 numbers', sumFold, xs, log)),
      ...(await compare('recursive fib(20)', fibRecursive, 20, log)),
      ...(await compare('while loop, 100,000 iterations', countWhile, 100_000, log)),
    ];
  },
};
