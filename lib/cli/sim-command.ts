/**
 * `epic sim [--port 8787] [--host 127.0.0.1] [--slots 8] [--time-scale 1] [--limit name=n …]`: runs the embedded
 * simulated OpenAI-compatible server standalone until `io.signal` aborts (Ctrl-C), so any OpenAI
 * client (or another epic-rx process, via OPENAI_BASE_URL) can use it. It prints where it
 * listens and that it is a simulator; when stopped it prints its metrics.
 */
import { startSim, type SimLimits, type SimOptionsInput } from '../sim/index.js';
import type { CliIo } from './io.js';

/** Parsed options of `epic sim`. */
export interface SimCommand {
  readonly port: number;
  readonly host: string;
  readonly slots: number | undefined;
  readonly timeScale: number | undefined;
  /** Request size limits to change (the rest keep their defaults); see lib/sim/limits.ts. */
  readonly limits?: Partial<SimLimits> | undefined;
}

/** Runs the server until `io.signal` aborts; resolves with the exit code. */
export async function simCommand(cmd: SimCommand, io: CliIo): Promise<number> {
  const options: SimOptionsInput = {
    port: cmd.port,
    host: cmd.host,
    ...(cmd.slots !== undefined ? { slots: cmd.slots } : {}),
    ...(cmd.timeScale !== undefined ? { timeScale: cmd.timeScale } : {}),
    ...(cmd.limits !== undefined ? { limits: cmd.limits } : {}),
  };
  const sim = await startSim(options);
  io.stdout.write(`epic-rx simulated LLM (not a real model) listening at ${sim.url}\n`);
  io.stdout.write(`use it with: OPENAI_BASE_URL=${sim.url} OPENAI_API_KEY=sk-sim …   (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const m = sim.metrics();
  io.stderr.write(
    `\nsimulator metrics: ${m.promptsServed} prompts served in ${m.batchSizes.length} requests; at most ${m.maxInService} in service at once\n`,
  );
  await sim.close();
  return 0;
}
