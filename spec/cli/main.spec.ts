import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The environment without any real LLM endpoint: the embedded simulator answers. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENAI_') && !k.startsWith('EPIC_')));

/** Runs the CLI in a child process (as `epic` would), capturing its output and exit code. */
function epic(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { cwd: process.cwd(), env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('epic run', () => {
  it('prints the result and a summary: calls, wall time, most in flight; writes a trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epic-cli-'));
    const trace = join(dir, 'trace.json');
    const r = await epic('run', 'demos/trip-planner.ts', '--input', '"Porto"', '--trace', trace);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Fly TP 1351, stay at Casa do Rio, pack for sunny 24°C. Total €224.\n');
    expect(r.stderr).toMatch(/^trip \(opportunistic\): 4 host calls · \d+\.\d\d s wall · at most 3 in flight at once$/m);
    const written = JSON.parse(await readFile(trace, 'utf8'));
    expect(written.events.filter((e: { type: string }) => e.type === 'dispatched')).toHaveLength(4);
    expect(written.args).toEqual(['Porto']);
  });

  it('says in one line that the embedded simulated LLM answers when no API key is set', async () => {
    const r = await epic('run', 'demos/map-reduce.ts');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('LLM: '))).toEqual([
      'LLM: embedded simulator (simulated, no API key; starts on first use)',
      'LLM: 2 requests carrying 7 prompts (up to 6 per request)', // six summaries in one batch, then the digest
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({ summaries: 6, digest: expect.stringMatching(/^\[sim\] /) });
  });

  it('runs sequentially with --sequential', async () => {
    const r = await epic('run', 'demos/trip-planner.ts', '--sequential');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/trip \(sequential\): 4 host calls · .* at most 1 in flight at once/);
  });

  it('exits 1 with the located error when the program fails', async () => {
    const r = await epic('run', 'spec/cli/fixtures/failing.ts', '--input', '"k"');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^EpicRuntimeError: Host function "lookup" failed: no entry for k\n {2}at spec\/cli\/fixtures\/failing\.ts:9:17 \(in failing\)\n9 \| {3}const value = lookup\(key\);\n/);
  });

  it('exits 2 on usage errors and bad input', async () => {
    expect((await epic('run')).code).toBe(2);
    expect((await epic('frobnicate')).stderr).toMatch(/unknown command "frobnicate"/);
    const bad = await epic('run', 'demos/trip-planner.ts', '--input', 'Porto');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--input expects JSON/);
  });

  it('names what a module exports when it has no program', async () => {
    const r = await epic('run', 'lib/terms/prims.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lib\/terms\/prims\.ts: expected a default export that is a program \(or exactly one exported program\); exported programs: none/);
  });
});

describe('epic demo', () => {
  it('runs a demo both ways and reports the same result and the speed-up', async () => {
    const r = await epic('demo', 'trip');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/opportunistic: 4 host calls/);
    expect(r.stdout).toMatch(/sequential: {4}4 host calls/);
    expect(r.stdout).toMatch(/speed-up: \d+\.\d\d×/);
    expect(r.stdout).toMatch(/same result: yes · same number of host calls: yes/);
  });
});
