/**
 * Running `epic` in-process for the CLI specs: string buffers for stdout and stderr, a signal
 * the test controls, and no real LLM endpoint (the embedded simulator answers).
 */
import { afterAll, beforeAll, vi } from 'vitest';
import { main, type Output } from '../../lib/cli/main.js';

/** What one `epic` invocation printed and returned. */
export interface EpicResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A string buffer standing in for a stream; `onWrite` sees the text so far after each write. */
export class TextOutput implements Output {
  text = '';
  constructor(
    readonly isTTY = false,
    private readonly onWrite?: (text: string) => void,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite?.(this.text);
    return true;
  }
}

/** Runs `epic argv` in-process. */
export async function epic(
  argv: readonly string[],
  streams: { stdout?: TextOutput; stderr?: TextOutput; signal?: AbortSignal } = {},
): Promise<EpicResult> {
  const { stdout = new TextOutput(), stderr = new TextOutput(), signal = new AbortController().signal } = streams;
  const code = await main(argv, { stdout, stderr, signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Hides OPENAI_* and EPIC_* variables for the tests of the calling file, so no real LLM endpoint
 * is used (once for the file, not per test: concurrent tests would restore them mid-run).
 */
export function withoutLlmEnvironment(): void {
  beforeAll(() => {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('OPENAI_') || name.startsWith('EPIC_')) vi.stubEnv(name, undefined);
    }
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}
