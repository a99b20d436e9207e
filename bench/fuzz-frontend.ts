/**
 * The front-end fuzz at length: `tsx bench/fuzz-frontend.ts [runs] [seed]` checks `runs`
 * (default 10,000) random programs with the property of spec/frontend/fuzz/check.ts — each
 * translates and agrees with JS under both strategies, or fails with a located EpicError — and
 * prints how long it took, how the programs fared, and the first failure, shrunk to a small
 * program. Exits 1 on a failure. The spec runs the same property on 300 programs.
 */
import fc from 'fast-check';
import { check, type Outcome } from '../spec/frontend/fuzz/check.js';
import { programs } from '../spec/frontend/fuzz/grammar.js';

async function main(runs: number, seed: number): Promise<number> {
  const outcomes = new Map<Outcome, number>();
  const start = performance.now();
  const details = await fc.check(
    fc.asyncProperty(programs, async (p) => {
      const verdict = await check(p);
      if (!verdict.ok) throw new Error(verdict.reason);
      outcomes.set(verdict.outcome, (outcomes.get(verdict.outcome) ?? 0) + 1);
    }),
    { numRuns: runs, seed },
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(`front-end fuzz: ${details.numRuns} programs in ${seconds.toFixed(1)} s (seed ${seed})`);
  for (const [outcome, n] of outcomes) console.log(`  ${outcome}: ${n}`);
  if (!details.failed) return 0;
  const [program] = details.counterexample ?? [];
  console.log(
    `\nFAILED after ${details.numRuns} programs (${details.numShrinks} shrinks): ${String(details.errorInstance)}`,
  );
  if (program) console.log(`arguments: ${JSON.stringify(program.args)}\n${program.source}`);
  console.log(`replay: tsx bench/fuzz-frontend.ts ${runs} ${seed}`);
  return 1;
}

const [runs = '10000', seed = String(Date.now() % 2 ** 31)] = process.argv.slice(2);
process.exitCode = await main(Number(runs), Number(seed));
