/**
 * A real redis-server for a spec file: started on a free loopback port with no persistence,
 * stopped by its pid. A missing redis-server fails the spec with a message saying how to
 * install it — nothing is skipped silently (`.ci/run` installs Debian's redis-server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A running redis-server. */
export interface RedisServer {
  /** e.g. redis://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM to its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port, with `extraArgs` after the usual ones; rejects with
 * a clear message if it is missing or does not start.
 */
export async function startRedis(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const binary = findRedisServer();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    // a port found free can be taken before redis binds it
    const port = await freePort();
    try {
      const child = await launch(binary, port, extraArgs);
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => stop(child) };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function findRedisServer(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin'];
  for (const dir of dirs) {
    const file = join(dir, 'redis-server');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error(
    'redis-server is not installed, and the queue specs need a real one: ' +
      '`apt-get install redis-server` (.ci/run installs it)',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number, extraArgs: readonly string[]): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  args.push(...extraArgs);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`redis-server did not start: ${error.message}`)));
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output.slice(-500)}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
