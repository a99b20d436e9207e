/**
 * `npm run bench [-- suite…]`: runs the benchmark suites (all by default; several suites each in
 * a fresh child process), prints each figure with its target and anchor, writes
 * bench/results/<suite>.json, and regenerates README's benchmark table from every
 * bench/results/*.json (bench/readme.ts).
 *
 * `npm run bench -- --profile <suite> [--only <text>]` runs the suite again in a child node with
 * `--cpu-prof`, writes the profile to bench/results/profiles/ (git-ignored) and prints the
 * functions with the most self time. A profiled run writes no results: the profiler slows it.
 * `--only <text>` keeps the cases whose name contains the text (suites that have cases:
 * overhead, reduction), e.g. `--profile overhead --only "fan-out 100k: epic-rx, Promise"`.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, pct, type Figure, type Suite, type SuiteOptions } from './harness.js';
import { topSelfTime } from './profile.js';
import { updateReadme } from './readme.js';

const SUITES: Record<string, () => Promise<{ suite: Suite }>> = {
  reduction: () => import('./reduction.js'),
  overhead: () => import('./overhead.js'),
  memory: () => import('./memory.js'),
  batching: () => import('./batching.js'),
  tot: () => import('./tot.js'),
  cities: () => import('./cities.js'),
  cases: () => import('./cases.js'),
  'long-programs': () => import('./long-programs.js'),
  timelines: () => import('./timelines.js'),
  batch: () => import('./batch.js'),
  serve: () => import('./serve.js'),
};

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, 'results');
const profiles = join(results, 'profiles');

const round2 = (x: number): number => Math.round(x * 100) / 100;

function show(f: Figure): string {
  const value = Number.isInteger(f.value) ? String(f.value) : fmt(f.value);
  const unit = f.unit === '×' || f.unit === '%' ? f.unit : ` ${f.unit}`;
  const target = f.target ? `  target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
  const gc = f.gcShare !== undefined && !f.note?.includes('GC') ? ` (GC ${pct(f.gcShare)})` : '';
  const anchor = f.anchor ? `\n      anchor: ${f.anchor}` : '';
  return `  ${f.name}: ${value}${unit}${gc}${target}${anchor}${f.note ? `\n      (${f.note})` : ''}`;
}

interface Args {
  readonly names: string[];
  readonly profile: boolean;
  /** Set in the profiled child: run, print, write nothing. */
  readonly dry: boolean;
  /** Set in a child of a several-suite run: the parent regenerates README once at the end. */
  readonly noReadme: boolean;
  readonly options: SuiteOptions;
}

function parse(argv: readonly string[]): Args | string {
  const names: string[] = [];
  let profile = false;
  let dry = false;
  let noReadme = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--profile') profile = true;
    else if (a === '--dry') dry = true;
    else if (a === '--no-readme') noReadme = true;
    else if (a === '--only') {
      only = argv[++i];
      if (only === undefined) return '--only needs a text';
    } else if (a.startsWith('--')) return `unknown option ${a} (options: --profile, --only <text>)`;
    else names.push(a);
  }
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length) return `unknown suite(s): ${unknown.join(', ')}; suites: ${Object.keys(SUITES).join(', ')}`;
  if (profile && names.length !== 1) return '--profile takes exactly one suite';
  return { names, profile, dry, noReadme, options: only === undefined ? {} : { only } };
}

/** Runs this script in a child node process with these arguments; resolves its exit code. */
function self(nodeFlags: readonly string[], argv: readonly string[]): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', fileURLToPath(import.meta.url), ...argv], {
      stdio: 'inherit',
    });
    p.on('error', reject);
    p.on('close', (c) => resolve(c ?? 1));
  });
}

/**
 * Several suites: each in a fresh process, so that none is measured in a heap, or with compiled
 * code and type feedback, left by the suites before it.
 */
async function runEach(args: Args): Promise<number> {
  const names = args.names.length ? args.names : Object.keys(SUITES);
  const passOn = [
    ...(args.dry ? ['--dry'] : []),
    ...(args.options.only !== undefined ? ['--only', args.options.only] : []),
  ];
  let failed = 0;
  for (const name of names) if ((await self([], ['--no-readme', ...passOn, name])) !== 0) failed++;
  if (!args.dry && args.options.only === undefined) console.log(`\nREADME benchmark table: ${await updateReadme()}`);
  return failed === 0 ? 0 : 1;
}

/** One suite, in this process. */
async function runOne(name: string, args: Args): Promise<number> {
  await mkdir(results, { recursive: true });
  const { suite } = await SUITES[name]!();
  console.log(`\n${suite.name}: ${suite.description}`);
  const loadBefore = loadavg()[0]!;
  const figures = await suite.run((line) => console.log(`  · ${line}`), args.options);
  const load = { before: round2(loadBefore), after: round2(loadavg()[0]!), cpus: cpus().length };
  console.log(`  (1-minute load average ${load.before} before, ${load.after} after, on ${load.cpus} cores)`);
  for (const f of figures) console.log(show(f));
  const missed = figures.filter((f) => f.met === false).length;
  console.log(`\n${suite.name}: ${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
  if (args.dry || args.options.only !== undefined) {
    console.log('(no results written: a profiled run, or --only)');
    return 0;
  }
  const record = { suite: suite.name, date: new Date().toISOString(), node: process.version, load, figures };
  await writeFile(join(results, `${suite.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  if (!args.noReadme) console.log(`README benchmark table: ${await updateReadme()}`);
  return 0;
}

/** Runs this script again under `node --cpu-prof` with `--dry`, then summarises the profile. */
async function profile(args: Args): Promise<number> {
  await mkdir(profiles, { recursive: true });
  const suite = args.names[0]!;
  const file = `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
  const code = await self(
    ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-name', file, '--cpu-prof-interval', '250'],
    ['--dry', suite, ...(args.options.only !== undefined ? ['--only', args.options.only] : [])],
  );
  if (code !== 0) return code;
  const path = join(profiles, file);
  console.log(`\nCPU profile: ${path} (open in Chrome DevTools › Performance, or speedscope)`);
  console.log(await topSelfTime(path, dirname(here), 25));
  return 0;
}

const args = parse(process.argv.slice(2));
if (typeof args === 'string') {
  console.error(args);
  process.exitCode = 2;
} else if (args.profile) process.exitCode = await profile(args);
else if (args.names.length === 1) process.exitCode = await runOne(args.names[0]!, args);
else process.exitCode = await runEach(args);
