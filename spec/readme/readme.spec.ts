/**
 * README's checkable claims, checked against the repository so they cannot rot unnoticed: the
 * paths it names exist, the npm scripts it runs exist, every `epic` command line it shows uses
 * commands, demos and options the CLI has, the benchmark suites it names exist, and every value
 * the public API exports is named in it (lib/index.ts: "exactly what README documents").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../lib/index.js';
import * as operators from '../../operators/index.js';
import { main } from '../../lib/cli/main.js';
import { DEMOS } from '../../demos/index.js';

const ROOT = normalize(join(import.meta.dirname, '..', '..'));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The text of README's fenced code blocks, and of its inline code spans, one string each. */
const BLOCKS = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
const INLINE = [...README.replace(/^```[a-z]*\n[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

/** Paths that git ignores: outputs README names that a fresh checkout does not have. */
const IGNORED = read('.gitignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#') && !line.includes('*'));

describe('README paths', () => {
  it('names only files and folders that exist (a module may be named without its .ts)', () => {
    const named = new Set(
      [...README.matchAll(/(?<![\w./-])((?:\.ci|lib|spec|demos|bench|operators|bin)\/[\w./-]*)/g)]
        .map((m) => m[1]!.replace(/[.,]+$/, ''))
        .filter((path) => !IGNORED.some((ignored) => path.startsWith(ignored.replace(/^\//, '')))),
    );
    expect(named.size).toBeGreaterThan(30);
    const missing = [...named].filter((path) => !existsSync(join(ROOT, path)) && !existsSync(join(ROOT, `${path}.ts`)));
    expect(missing).toEqual([]);
  });

  it('lays out only entries that exist, in the Layout section', () => {
    const layout = README.split('\n## Layout\n')[1]!.split('```')[1]!;
    const entries = layout
      .split('\n')
      .map((line) => /^(\S+)\s/.exec(line)?.[1])
      .filter((entry): entry is string => entry !== undefined);
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.filter((entry) => !existsSync(join(ROOT, entry)))).toEqual([]);
  });
});

describe('README commands', () => {
  it('runs only npm scripts that package.json has', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: object }).scripts);
    const used = new Set([...README.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)].map((m) => m[1] ?? m[2]!));
    expect([...used].sort()).toEqual(expect.arrayContaining(['bench', 'demo:web', 'start', 'test']));
    expect([...used].filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('names only benchmark suites that `npm run bench` has', () => {
    const suites = [...read('bench/main.ts').matchAll(/^\s+'?([\w-]+)'?: \(\) => import\(/gm)].map((m) => m[1]!);
    expect(suites.length).toBeGreaterThan(5);
    const named = [...README.matchAll(/npm run bench -- ((?:[a-z][\w-]*(?: |$|`))+)/gm)].flatMap((m) =>
      m[1]!.replace(/`/g, '').trim().split(/\s+/),
    );
    expect(named.length).toBeGreaterThan(2);
    expect(named.filter((name) => !suites.includes(name))).toEqual([]);
  });

  /** Every `epic <command> …` README shows: in code blocks (comments cut) and inline code. */
  const commandLines = [
    ...BLOCKS.flatMap((block) => block.split('\n')).map((line) => line.replace(/\s+#.*$/, '')),
    ...INLINE,
  ]
    .map((line) => /(?:^|\s)epic (run|batch|worker|demo|sim)\b(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ command: m[1]!, rest: m[2]! }));

  it('shows only options that its `epic` commands take', async () => {
    expect(commandLines.length).toBeGreaterThan(10);
    const helps = new Map<string, string>();
    for (const { command } of commandLines) {
      if (helps.has(command)) continue;
      let text = '';
      const out = { write: (chunk: string) => (text += chunk) };
      const code = await main([command, '--help'], { stdout: out, stderr: out, signal: new AbortController().signal });
      expect(code).toBe(0);
      helps.set(command, text);
    }
    const unknown = commandLines.flatMap(({ command, rest }) =>
      [...rest.matchAll(/(?:^|[\s[])(--[a-z][\w-]*)/g)]
        .map((m) => m[1]!)
        .filter((flag) => flag !== '--help' && flag !== '--verbose' && !helps.get(command)!.includes(`${flag} `))
        .map((flag) => `epic ${command} ${flag}`),
    );
    expect(unknown).toEqual([]);
  });

  it('names only demos that `epic demo` has', () => {
    const names = DEMOS.map((d) => d.name);
    const named = commandLines
      .filter(({ command }) => command === 'demo')
      .map(({ rest }) => /^ ([a-z][\w-]*)/.exec(rest)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(new Set(named).size).toBeGreaterThan(4);
    expect(named.filter((name) => !names.includes(name))).toEqual([]);
  });
});

describe('README and the public API', () => {
  it('names every value epic-rx and epic-rx/operators export', () => {
    const exported = [...new Set([...Object.keys(api), ...Object.keys(operators)])];
    expect(exported.filter((name) => !new RegExp(`\\b${name}\\b`).test(README))).toEqual([]);
  });
});
