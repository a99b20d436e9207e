/**
 * The layout's promises, checked on the source: no import cycle between folders (each file at
 * lib/'s root counts as its own node), none between the files of lib/frontend, and operators/
 * importable on its own (it imports nothing from lib/). Type-only imports count: a cycle of
 * types is still a cycle for a reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = normalize(join(import.meta.dirname, '..'));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm;

/** file → the files it imports (relative paths from the repository root, `.ts`). */
function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** lib/runtime/run.ts → lib/runtime; lib/program.ts → lib/program.ts; operators/internal/x.ts → operators. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'lib') return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
  return parts[0]!;
}

/** The strongly connected components with more than one node (Tarjan). */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let top: string;
    do {
      top = stack.pop()!;
      component.push(top);
    } while (top !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const graph = importGraph(['lib', 'operators']);

describe('layout', () => {
  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      const set = edges.get(from) ?? edges.set(from, new Set()).get(from)!;
      for (const t of targets) if (folderOf(t) !== from) set.add(folderOf(t));
    }
    expect(cycles(edges)).toEqual([]);
  });

  it('has no import cycle between the files of lib/frontend', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      if (file.startsWith('lib/frontend/'))
        edges.set(file, new Set(targets.filter((t) => t.startsWith('lib/frontend/'))));
    }
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps operators/ free of imports from lib/', () => {
    const outside = [...graph]
      .filter(([file]) => file.startsWith('operators/'))
      .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('operators/')).map((t) => `${file} → ${t}`));
    expect(outside).toEqual([]);
  });

  it('finds imports at all (the checks above are not vacuous)', () => {
    expect(graph.get('lib/program.ts')?.length).toBeGreaterThan(3);
    expect(graph.get('lib/frontend/translate.ts')).toContain('lib/frontend/expressions.ts');
  });
});
