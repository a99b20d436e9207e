/**
 * `npm run bench [-- suite…]`: runs the benchmark suites (all by default), prints each figure
 * with its target, and writes bench/results/<suite>.json. Suites: see SUITES.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure, Suite } from './harness.js';

const SUITES: Record<string, () => Promise<{ suite: Suite }>> = {
  reduction: () => import('./reduction.js'),
  overhead: () => import('./overhead.js'),
  memory: () => import('./memory.js'),
  batching: () => import('./batching.js'),
  tot: () => import('./tot.js'),
  cities: () => import('./cities.js'),
};

const results = join(dirname(fileURLToPath(import.meta.url)), 'results');

function show(f: Figure): string {
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toPrecision(4);
  const target = f.target ? `  target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
  return `  ${f.name}: ${value} ${f.unit}${target}${f.note ? `\n      (${f.note})` : ''}`;
}

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`);
    return 2;
  }
  await mkdir(results, { recursive: true });
  let missed = 0;
  for (const name of names.length ? names : Object.keys(SUITES)) {
    const { suite } = await SUITES[name]!();
    console.log(`\n${suite.name}: ${suite.description}`);
    const figures = await suite.run((line) => console.log(`  · ${line}`));
    for (const f of figures) console.log(show(f));
    missed += figures.filter((f) => f.met === false).length;
    const record = { suite: suite.name, date: new Date().toISOString(), node: process.version, figures };
    await writeFile(join(results, `${suite.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
