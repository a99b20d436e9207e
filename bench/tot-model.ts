/**
 * The speed-up the simulator's latency model allows for ToT (bench/tot.ts): the model time of
 * the requests the hand-written sequential and Promise.all searches make, from the simulator's
 * own formulas (`overheadMs` + `generationTimeline(…).doneAt(longest choice)`, lib/sim/latency.ts)
 * instead of waiting them out — no noise and no CPU time, so a measured speed-up can be read
 * against it. Epic's opportunistic run makes the Promise.all way's requests (the suite checks
 * equal prompts, and one request per step and kind), so that way's model time is epic's too.
 * Measured times add what does not scale with the model: CPU, HTTP and timer costs per request.
 *
 * Calls made before the event loop turns (`setImmediate`) share a request, grouped by `n` as the
 * LLM batcher groups them by sampling parameters. One request is out at a time either way, so the
 * simulator's slots never queue.
 */
import { Observable } from 'rxjs';
import { EpicError } from '../lib/errors.js';
import { solveByRounds, solveSequential } from '../demos/game24/baselines.js';
import type { TotLogRecord } from '../demos/game24/log.js';
import type { ValueCache } from '../demos/game24/prompts.js';
import { replayEnvelope, replayResponder } from '../demos/game24/replay.js';
import { GPT4_LATENCY } from '../demos/game24/session.js';
import { TOT_SAMPLING, totCalls, type TotResult } from '../demos/game24/tot.js';
import type { Complete } from '../lib/llm/index.js';
import { generationTimeline, overheadTime } from '../lib/sim/latency.js';
import { resolveSimOptions, type SimOptions } from '../lib/sim/index.js';
import { shapeText } from '../lib/sim/tokens.js';

/** Model milliseconds of one puzzle each way, and the Promise.all way's result (for the next cache). */
export interface TotModelTimes {
  readonly sequential: number;
  readonly byRounds: number;
  readonly result: TotResult;
}

/** A request being gathered: its choices, its longest choice in tokens, its callers. */
interface Gathering {
  choices: number;
  longest: number;
  readonly answer: Array<() => void>;
}

/**
 * Model time of puzzle `record` from `cache`, both ways, with the benchmark's simulator settings
 * (GPT-4-like latency, default curve and overhead) at time scale 1.
 *
 * @example
 * const { sequential, byRounds } = await totModelTimes(totLogRecord(900), {});
 * sequential / byRounds // 7.85
 */
export async function totModelTimes(record: TotLogRecord, cache: ValueCache): Promise<TotModelTimes> {
  const options = resolveSimOptions({ ...GPT4_LATENCY, timeScale: 1 });
  const x = record.steps[0]!.x;
  const sequential = await modelled(record, options, (calls) => solveSequential(calls, x, cache));
  const byRounds = await modelled(record, options, (calls) => solveByRounds(calls, x, cache));
  return { sequential: sequential.ms, byRounds: byRounds.ms, result: byRounds.result };
}

/** Runs `solve` on instant calls answered from the replay, adding up the model time of each request. */
async function modelled(
  record: TotLogRecord,
  options: SimOptions,
  solve: (calls: ReturnType<typeof totCalls>) => Promise<TotResult>,
): Promise<{ ms: number; result: TotResult }> {
  const respond = replayResponder(record);
  const gathering = new Map<number, Gathering>();
  let ms = 0;
  const send = (n: number): void => {
    const request = gathering.get(n)!;
    gathering.delete(n);
    ms += overheadTime(options) + generationTimeline(options, request.choices).doneAt(request.longest);
    for (const answer of request.answer) answer();
  };
  const complete = ((prompt: string, { n }: { n: number }) =>
    new Observable<string[]>((subscriber) => {
      const texts = Array.from({ length: n }, (_, k) => {
        const { temperature, max_tokens: maxTokens } = TOT_SAMPLING;
        const answer = respond({
          kind: 'completion',
          prompt,
          messages: undefined,
          model: '',
          temperature,
          maxTokens,
          stop: [],
          k,
        });
        if (typeof answer !== 'string') throw new EpicError('totModelTimes: the replay answers with plain text');
        return answer;
      });
      const tokens = Math.max(...texts.map((t) => shapeText(t, [], TOT_SAMPLING.max_tokens).pieces.length));
      let request = gathering.get(n);
      if (!request) {
        request = { choices: 0, longest: 0, answer: [] };
        gathering.set(n, request);
        setImmediate(() => send(n));
      }
      request.choices += n;
      request.longest = Math.max(request.longest, tokens);
      request.answer.push(() => {
        subscriber.next(texts);
        subscriber.complete();
      });
    })) as unknown as Complete;
  const result = await solve(totCalls(complete, replayEnvelope));
  return { ms, result };
}
