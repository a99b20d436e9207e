/**
 * Hints for unknown names: a close host or local name ("did you mean …?"), or why a familiar
 * global is not available inside a program and what to do instead.
 */

const IMPURE: Readonly<Record<string, string>> = {
  console: 'console is an effect (output); pass a logging function as a host, e.g. program({ log }, …)',
  fetch: 'fetch is an external call; pass a host function that fetches, e.g. program({ getPage }, …)',
  Date: 'Date reads the clock, which is not pure; pass a host function that returns the time',
  setTimeout: 'timers are not available; a host function may return a Promise that resolves later',
  setInterval: 'timers are not available; a host function may return a Promise that resolves later',
  Promise: 'Promises are not needed in a program: host functions may return Promises and epic-rx waits for them',
  process: 'process is not available; pass the values you need as parameters or hosts',
  require: 'modules cannot be loaded inside a program; pass the functions you need as hosts',
  globalThis: 'global state is not available; pass the values you need as hosts',
  window: 'global state is not available; pass the values you need as hosts',
};

/** Why `Math.random` and friends are rejected. */
export const IMPURE_MEMBERS: Readonly<Record<string, string>> = {
  'Math.random': 'Math.random is not pure (each call differs); pass a host function that returns random numbers',
};

/** Edit distance between two short strings (insertions, deletions, substitutions, swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * The hint appended to an unknown-name error (empty when there is nothing useful to say).
 *
 * @example
 * unboundHint('propse', ['propose', 'judge']) // "; did you mean 'propose'?"
 * unboundHint('console', [])                  // "; console is an effect (output); pass a logging function …"
 * unboundHint('check2', ['check'])            // "; the TypeScript loader … renamed 'check' to 'check2' …"
 */
export function unboundHint(name: string, candidates: Iterable<string>): string {
  const known = IMPURE[name];
  if (known) return `; ${known}`;
  const names = [...candidates];
  const renamed = /^(.+?)\d+$/.exec(name)?.[1];
  if (renamed !== undefined && names.includes(renamed)) {
    return (
      `; the TypeScript loader (esbuild, under tsx or vitest) renamed '${renamed}' to '${name}' in this function's ` +
      `source because the module declares or imports another '${renamed}': give the host (or the other name) a name of its own`
    );
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance && d <= Math.max(1, Math.floor(name.length / 3))) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined) return `; did you mean '${best}'?`;
  return `; to call an external function, pass it in the host object: program({ ${name}, … }, …)`;
}
