/**
 * The program shapes the overhead and memory suites measure, over one host `h`: a fan-out
 * `xs.map((x) => h(x))`, a for-of accumulation `s = s + h(x)`, and a chain of `n` dependent
 * calls `acc = h(acc)` made by a loop (which runs ahead: every call after the first waits for
 * the one before).
 */
import { program } from '../lib/program.js';

/** The three shapes as programs over `h`. */
export function programs(h: (x: number) => number) {
  return {
    fanOut: program({ h }, (xs: number[]) => xs.map((x) => h(x)), { name: 'fan-out' }),
    forOf: program(
      { h },
      (xs: number[]) => {
        let s = 0;
        for (const x of xs) {
          s = s + h(x);
        }
        return s;
      },
      { name: 'for-of' },
    ),
    chain: program(
      { h },
      (n: number) => {
        let acc = 0;
        let i = 0;
        while (i < n) {
          acc = h(acc);
          i = i + 1;
        }
        return acc;
      },
      { name: 'chain' },
    ),
  };
}
