import { lastValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { totCalls } from '../../../demos/game24/tot.js';
import type { Complete } from '../../../lib/llm/index.js';

describe('totCalls', () => {
  it("passes the run's HostContext on to complete, so the run hears which request carried each call", async () => {
    const seen: unknown[] = [];
    const complete = function (this: unknown, _prompt: string, options: { n: number }) {
      seen.push(this);
      return of(Array.from({ length: options.n }, () => 'sure'));
    } as unknown as Complete;
    const calls = totCalls(complete);
    const context = { callId: 1, signal: new AbortController().signal, joined: () => undefined };
    await lastValueFrom(calls.propose.call(context, '4 5 6 10', '', 0));
    await lastValueFrom(calls.value.call(context, '4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n'));
    expect(seen).toEqual([context, context]);
  });
});
