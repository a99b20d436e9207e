/** Test support: `epic worker` child processes for the queue specs. */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Spawns `node bin/epic.mjs worker …args` with `env` added to this process's environment, and
 * resolves once it says it is ready for jobs of `program` (rejects if it exits before that).
 */
export function startWorker(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  program: string,
): { readonly child: ChildProcess; readonly ready: Promise<ChildProcess> } {
  const child = spawn(process.execPath, ['bin/epic.mjs', 'worker', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes(`ready for "${program}" jobs`)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${err}`)));
  });
  return { child, ready };
}

/** Stops a worker with SIGTERM and waits for it to exit (at once if it has). */
export function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
