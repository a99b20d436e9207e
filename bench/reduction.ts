/**
 * Pure reduction speed: programs with no host calls, against the very same functions run as
 * plain JS. Both are warmed up and timed in the same process; the figure is the ratio of
 * medians. Target: within 30× of plain JS.
 */
import { program } from '../lib/index.js';
import { timeMedian, type Figure, type Suite } from './harness.js';

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
  const plain = await timeMedian(() => fn(arg), 15, 5);
  const epic = await timeMedian(() => prog.evaluate(arg), 15, 5);
  const ratio = epic / plain;
  log(`${name}: plain JS ${plain.toFixed(3)} ms, epic-rx ${epic.toFixed(3)} ms`);
  return [{ name: `${name}: epic-rx / plain JS`, value: ratio, unit: '×', target: '≤ 30×', met: ratio <= 30, note: `medians of 15 runs: ${epic.toFixed(2)} ms vs ${plain.toFixed(3)} ms` }];
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
