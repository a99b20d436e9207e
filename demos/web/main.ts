/**
 * `npm run demo:web [-- --port N] [--time-scale S]`: serves the web demo (server.ts) and prints
 * its address. Ctrl-C stops it.
 *
 * Offline by default (the embedded simulator); with OPENAI_BASE_URL / OPENAI_API_KEY set, the
 * programs ask that endpoint instead (lib/llm/options.ts lists the variables).
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PORT, startWebDemo } from './server.js';

const port = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`expected a port number from 0 to 65535 (0: any free port), got "${text}"`);
  }
  return n;
};
const scale = (text: string): number => {
  const n = Number(text);
  if (!(n > 0 && Number.isFinite(n))) {
    throw new InvalidArgumentError(`expected a positive number (1 = real GPT-4-like time), got "${text}"`);
  }
  return n;
};

const options = new Command('demo:web')
  .description('a page where a run fills in live beside a timeline of its host calls')
  .option('--port <n>', `port to listen on (0: any free port)`, port, DEFAULT_PORT)
  .option('--host <address>', 'interface to listen on', '127.0.0.1')
  .option('--time-scale <s>', "the simulator's time scale (model ms × s = wall ms)", scale, 0.2)
  .parse()
  .opts<{ port: number; host: string; timeScale: number }>();

const demo = await startWebDemo(options);
const backend = demo.programs.simulated ? 'embedded simulator' : 'configured LLM endpoint';
console.log(`epic-rx web demo: ${demo.url}  (${backend}; Ctrl-C stops)`);
const shutdown = (): void => void demo.close().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
