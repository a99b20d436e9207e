/**
 * The `epic` command (see `USAGE`). Usage errors exit 2, run failures exit 1 with the error's
 * message (which carries the program location) on stderr.
 */
import { parseArgs } from 'node:util';
import { EpicError } from '../errors.js';
import { demoCommand } from './demo-command.js';
import { runCommand } from './run-command.js';
import { simCommand } from './sim-command.js';

const USAGE = `epic — run programs of slow external calls opportunistically

Usage:
  epic run <module> [--sequential] [--input JSON]... [--trace out.json] [--export NAME]
      Run the program a module exports (default export, or --export NAME). Each --input is
      one argument, as JSON; without any, the module's exported \`input\` array is used.
  epic demo [name]
      Run a demo both ways (opportunistic and sequential) and compare. Without a name: the main demo.
  epic sim [--port 8787] [--host 127.0.0.1] [--slots 8] [--time-scale 1]
      Run the simulated OpenAI-compatible server standalone (a simulator, not a model).
  epic help
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { out: process.stdout, err: process.stderr };
  switch (command) {
    case 'run': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          sequential: { type: 'boolean', default: false },
          input: { type: 'string', multiple: true, default: [] },
          trace: { type: 'string' },
          export: { type: 'string' },
        },
      });
      if (positionals.length !== 1) throw new UsageError('epic run expects exactly one module path');
      return runCommand({
        module: positionals[0]!,
        sequential: values.sequential ?? false,
        inputs: values.input ?? [],
        trace: values.trace,
        exportName: values.export,
      }, io);
    }
    case 'demo': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length > 1) throw new UsageError('epic demo takes at most one demo name');
      return demoCommand(positionals[0], io);
    }
    case 'sim': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { port: { type: 'string', default: '8787' }, host: { type: 'string', default: '127.0.0.1' }, slots: { type: 'string' }, 'time-scale': { type: 'string' } },
      });
      if (positionals.length) throw new UsageError('epic sim takes no positional arguments');
      return simCommand({
        port: numberOption('--port', values.port),
        host: values.host ?? '127.0.0.1',
        slots: values.slots === undefined ? undefined : numberOption('--slots', values.slots),
        timeScale: values['time-scale'] === undefined ? undefined : numberOption('--time-scale', values['time-scale']),
      }, io);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

function numberOption(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${name} expects a non-negative number, got ${text}`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`epic: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${error instanceof EpicError ? `${error.name}: ${error.message}` : error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
