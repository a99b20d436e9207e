import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMOS, MAIN_DEMO } from '../../demos/index.js';
import { runProcess, type ProcessLike } from '../../lib/cli/main.js';
import { epic, TextOutput, withoutLlmEnvironment } from './cli-harness.js';

withoutLlmEnvironment();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epic-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('bin/epic.mjs', () => {
  // The only test that spawns a process (everything else calls main() in-process); it comes
  // first so that it overlaps the in-process tests, which run concurrently.
  it('runs a CommonJS TypeScript program as a real process and exits 0', async () => {
    const pkg = join(dir, 'spawned');
    await mkdir(pkg);
    await writeFile(join(pkg, 'package.json'), '{ "name": "spawned" }\n'); // CommonJS: no "type"
    await writeFile(
      join(pkg, 'double.ts'),
      [
        `import { external, program } from ${JSON.stringify(resolve('lib/index.js'))};`,
        'const double = external((n: number) => n * 2);',
        'export default program({ double }, (n: number) => double(n) + 1, { name: "double" });',
      ].join('\n'),
    );
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = execFile(
        process.execPath,
        ['bin/epic.mjs', 'run', join(pkg, 'double.ts'), '--input', '20'],
        { timeout: 30_000 },
        (_error, stdout, stderr) => {
          done({ code: child.exitCode, stdout, stderr });
        },
      );
    });
    expect(r.stdout, r.stderr).toBe('41\n');
    expect(r.stderr).toMatch(/^double \(opportunistic\): 1 host call · /);
    expect(r.code).toBe(0);
  });
});

describe.concurrent('epic demo', () => {
  it('runs a demo both ways and reports the same result and the speed-up', async () => {
    const r = await epic(['demo', 'trip']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^trip: three independent 100 ms tool calls/);
    expect(r.stdout).toMatch(/opportunistic: 4 host calls/);
    expect(r.stdout).toMatch(/sequential: {4}4 host calls/);
    expect(r.stdout).toMatch(/speed-up: \d+\.\d\d×/);
    expect(r.stdout).toMatch(/same result: yes · same number of host calls: yes/);
  });

  it("replays a stretch of a ToT log with --puzzles, per puzzle and against the log's count", async () => {
    const r = await epic([
      'demo',
      'game24',
      '--puzzles',
      '905-906',
      '--strategy',
      'sequential',
      '--time-scale',
      '0.0002',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^puzzle 905 \(1 11 11 13\): solved \(log: solved\) · trajectories as logged: yes/m);
    expect(r.stdout).toMatch(/^solved 1\/2 \(the log: 1\/2\) · trajectories as logged: 2\/2 · sequential/m);
  });
});

describe.concurrent('epic run', () => {
  it('prints the result and a summary: calls, wall time, most in flight; writes a trace', async () => {
    const trace = join(dir, 'trace.json');
    const r = await epic(['run', 'demos/trip-planner.ts', '--input', '"Porto"', '--trace', trace]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Fly TP 1351, stay at Casa do Rio, pack for sunny 24°C. Total €224.\n');
    expect(r.stderr).toMatch(
      /^trip \(opportunistic\): 4 host calls · \d+\.\d\d s wall · at most 3 in flight at once\ntrace: 8 events written to .*trace\.json\n$/,
    );
    const written = JSON.parse(await readFile(trace, 'utf8'));
    expect(written.events.filter((e: { type: string }) => e.type === 'dispatched')).toHaveLength(4);
    expect(written.args).toEqual(['Porto']);
  });

  it("runs one call at a time with --sequential; prints the module's notes, status line, summary and after-run line in order", async () => {
    const r = await epic(['run', 'spec/cli/fixtures/llm.ts', '--sequential'], { stderr: new TextOutput(true) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digest: \[sim\] .+\n$/); // the module's show()
    expect(r.stderr).toMatch(
      new RegExp(
        [
          '^LLM: embedded simulator \\(simulated, no API key; starts on first use\\)\n',
          '(\r\x1b\\[2K[^\r\n]+)*\r\x1b\\[2K', // status lines, if the run took 100 ms or more, then the clear
          'digest \\(sequential\\): 4 host calls · \\d+\\.\\d\\d s wall · at most 1 in flight at once\n',
          'LLM: 4 requests carrying 4 prompts \\(up to 1 per request\\)\n$',
        ].join(''),
      ),
    );
  });

  it('exits 1 with the located error, in one message without a stack, keeping an earlier trace', async () => {
    const earlier = join(dir, 'earlier.json');
    await writeFile(earlier, 'earlier trace\n');
    const r = await epic(['run', 'spec/cli/fixtures/failing.ts', '--input', '"k"', '--trace', earlier]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'EpicRuntimeError: Host function "lookup" failed: no entry for k',
        '  at spec/cli/fixtures/failing.ts:12:19 (in failing)',
        '12 |     const value = lookup(key);',
        '   |                   ^',
        '',
      ].join('\n'),
    );
    expect(await readFile(earlier, 'utf8')).toBe('earlier trace\n');
  });

  it('prints the stack and the causes with --verbose', async () => {
    const r = await epic(['run', 'no-such-module.ts', '--trace', dir, '--verbose']);
    expect(r.code, r.stderr).toBe(1);
    expect(
      r.stderr.startsWith(`EpicError: cannot write the trace file ${dir}: it is a directory\n    at `),
      r.stderr,
    ).toBe(true);
    expect(r.stderr).toContain('\ncaused by: Error: EISDIR: illegal operation on a directory');
  });

  it('checks the trace path before loading or running anything, and says why in one line', async () => {
    const missing = join(dir, 'no-such-dir', 'trace.json');
    const r = await epic(['run', 'demos/trip-planner.ts', '--trace', missing]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `EpicError: cannot write the trace file ${missing}: its directory does not exist\n`,
    });
    const beforeLoading = await epic(['run', 'no-such-module.ts', '--trace', dir]);
    expect(beforeLoading.stderr).toBe(`EpicError: cannot write the trace file ${dir}: it is a directory\n`);
  });

  it('names what a module exports when it has no program', async () => {
    const r = await epic(['run', 'lib/terms/prims.ts']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      'EpicError: lib/terms/prims.ts: expected a default export that is a program (or exactly one exported program); exported programs: none\n',
    );
  });

  it('says when the module file does not exist', async () => {
    expect(await epic(['run', 'no-such-module.ts'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'EpicError: Cannot load no-such-module.ts: no such file\n',
    });
  });
});

describe.concurrent('runProcess', () => {
  /** A stand-in for `process` running `epic run` on a program whose host call never answers. */
  function hangingProcess(act: (events: EventEmitter) => void) {
    const events = new EventEmitter();
    // The run only ends when the first status line (drawn at 100 ms on a TTY) makes the test act.
    const stderr = new TextOutput(true, (text) => {
      if (text.endsWith(' s')) act(events);
    });
    const argv = ['node', 'epic', 'run', 'spec/cli/fixtures/hanging.ts'];
    return Object.assign(events, {
      argv,
      stdout: new TextOutput(),
      stderr,
      exitCode: undefined as ProcessLike['exitCode'],
    });
  }

  it('draws a status line on a terminal; Ctrl-C (SIGINT) stops the run and exits 130', async () => {
    const proc = hangingProcess((p) => p.emit('SIGINT'));
    await runProcess(proc);
    expect(proc.exitCode, proc.stderr.text).toBe(130);
    expect(proc.stdout.text).toBe('');
    expect(proc.stderr.text).toMatch(
      /^\r\x1b\[2K⠋ 1 in flight · 0 done · 0 failed · \d+\.\d s\r\x1b\[2KEpicError: interrupted: the run was unsubscribed and its host calls aborted\n$/,
    );
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM') + proc.listenerCount('beforeExit')).toBe(0);
  });

  it('stops the run quietly when the reader of stdout goes away (EPIPE), also after it returns', async () => {
    const stdout = Object.assign(new EventEmitter(), new TextOutput());
    const proc = hangingProcess(() => stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
    const piped = Object.assign(proc, {
      stdout: Object.assign(stdout, { write: (t: string) => TextOutput.prototype.write.call(stdout, t) }),
    });
    await runProcess(piped);
    expect(piped.exitCode).toBe(1);
    expect(piped.stderr.text).toMatch(/EpicError: stdout was closed by its reader\n$/);
    expect(() => stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).not.toThrow();
  });

  it('exits 143 when SIGTERM stops the run', async () => {
    const proc = hangingProcess((p) => p.emit('SIGTERM'));
    await runProcess(proc);
    expect(proc.exitCode, proc.stderr.text).toBe(143);
  });

  it('fails the run, exit 1, when the event loop runs dry while it waits (beforeExit)', async () => {
    const proc = hangingProcess((p) => p.emit('beforeExit'));
    await runProcess(proc);
    expect(proc.exitCode, proc.stderr.text).toBe(1);
    expect(proc.stderr.text).toMatch(
      /\r\x1b\[2KEpicError: stalled: the run waits on host calls that never settle, and nothing else is pending\n$/,
    );
  });
});

describe.concurrent('usage', () => {
  it.each([
    [['run'], /^error: missing required argument 'module'\n\(see: epic run --help\)\n$/],
    [['frobnicate'], /^error: unknown command 'frobnicate'\n\(see: epic --help\)\n$/],
    [['rnu', 'x.ts'], /^error: unknown command 'rnu'\n\(Did you mean run\?\)\n/],
    [['run', 'a.ts', 'b.ts'], /too many arguments for 'run'\. Expected 1 argument but got 2\./],
    [['run', 'demos/trip-planner.ts', '--fast'], /^error: unknown option '--fast'\n/],
    [
      ['run', 'demos/trip-planner.ts', '--input', 'Porto'],
      /argument 'Porto' is invalid\. Not JSON; quote strings: --input '"4 9 10 13"'\./,
    ],
    [['demo', 'no-such-demo'], /'no-such-demo' is invalid for argument 'name'\. Allowed choices are trip, /],
    [['sim', '--port', 'many'], /argument 'many' is invalid\. Expected a non-negative number\./],
    [['sim', '--time-scale', '-1'], /argument '-1' is invalid\. Expected a non-negative number\./],
    [
      ['sim', '--limit', 'maxInputs=0'],
      /argument 'maxInputs=0' is invalid\. Expected maxInputs=n with n a positive integer\./,
    ],
    [
      ['sim', '--limit', 'maxPrompts=9'],
      /argument 'maxPrompts=9' is invalid\. Expected name=n with a name among maxBodyBytes, maxInputs, /,
    ],
    [
      ['demo', 'trip', '--puzzles', '1'],
      /^error: --log, --puzzles, --strategy and --time-scale are options of the game24 demo, not of trip/,
    ],
    [['demo', 'game24', '--strategy', 'fast'], /argument 'fast' is invalid\. Expected opportunistic or sequential\./],
  ])('exits 2 on bad input, running nothing: epic %j', async (argv, message) => {
    const r = await epic(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [[]],
    [['--help']],
    [['help']],
    [['run', '--help']],
    [['help', 'run']],
    [['demo', '-h']],
    [['sim', '--help']],
  ])('prints usage on stdout and exits 0: epic %j', async (argv) => {
    const r = await epic(argv);
    const command = argv.find((a) => !a.startsWith('-') && a !== 'help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: epic ${command ? `${command} ` : ''}\\[options\\]`));
  });

  it('lists the commands and the exit status in the main help', async () => {
    const r = await epic(['--help']);
    expect(r.stdout).toMatch(/^ {2}run \[options\] <module> +run the program a module exports$/m);
    expect(r.stdout).toMatch(/^ {2}demo \[options\] \[name\] +run a demo both ways and compare$/m);
    expect(r.stdout).toMatch(/^ {2}sim \[options\] +serve the simulated OpenAI-compatible LLM$/m);
    expect(r.stdout).toMatch(/^Exit status: 0 success, 1 the command failed, 2 usage error\.$/m);
  });

  it('lists every registered demo, and the default, in the demo help', async () => {
    const r = await epic(['demo', '--help']);
    for (const demo of DEMOS) expect(r.stdout).toContain(`  ${demo.name.padEnd(12)} ${demo.description}\n`);
    expect(r.stdout).toMatch(new RegExp(`default:\\s+"${MAIN_DEMO}"`));
  });
});

describe.concurrent('epic sim', () => {
  it('serves the simulated LLM until its signal aborts, then prints its metrics and exits 0', async () => {
    const stop = new AbortController();
    let models: unknown;
    const stdout = new TextOutput(false, (text) => {
      const url = /listening at (\S+)\n/.exec(text)?.[1];
      if (url && models === undefined) {
        models = fetch(`${url}/models`)
          .then((res) => res.json())
          .finally(() => stop.abort());
      }
    });
    const r = await epic(['sim', '--port', '0'], { stdout, signal: stop.signal });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^epic-rx simulated LLM \(not a real model\) listening at http:\/\/127\.0\.0\.1:\d+\/v1\n/,
    );
    expect(await models).toMatchObject({ object: 'list' });
    expect(r.stderr).toBe('\nsimulator metrics: 0 prompts served in 0 requests; at most 0 in service at once\n');
  });

  it('serves with the size limits given by --limit: a request over one is refused with a 400 naming it', async () => {
    const stop = new AbortController();
    let reply: Promise<{ status: number; body: { error?: { code?: string; message?: string } } }> | undefined;
    const stdout = new TextOutput(false, (text) => {
      const url = /listening at (\S+)\n/.exec(text)?.[1];
      if (url && reply === undefined) {
        const body = JSON.stringify({ model: 'epic-sim', prompt: ['a', 'b', 'c'] });
        reply = fetch(`${url}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (res) => ({
            status: res.status,
            body: (await res.json()) as { error?: { code?: string; message?: string } },
          }))
          .finally(() => stop.abort());
      }
    });
    const r = await epic(['sim', '--port', '0', '--limit', 'maxInputs=2', '--limit', 'maxN=4'], {
      stdout,
      signal: stop.signal,
    });
    expect(r.code, r.stderr).toBe(0);
    const { status, body } = (await reply)!;
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'limit_exceeded' });
    expect(body.error?.message).toMatch(/has 3 prompts, over this simulator's limit of 2 \(option limits\.maxInputs\)/);
  });
});
