/**
 * `chatStream`: a chat reply as a text stream. One streamed `/v1/chat/completions` request
 * (`stream: true`, `stream_options: { include_usage: true }`) per subscription, through the same
 * requester as `chat` (limiter, retry, error wrapping); its content deltas are the chunks. The
 * usage chunk the server is asked for comes last, with no choices, and is skipped: its counts are
 * not surfaced, as `chat`'s are not.
 *
 * How the request maps onto `send` (request.ts), whose retry resubscribes on failure: the SDK
 * call given to `send` reads the WHOLE stream and only then resolves, so the request holds its
 * limiter slot until the reply has finished; the deltas leave on the side, straight to the
 * subscriber of the text stream, as they arrive. That splits failures in two:
 * - before the first non-empty delta, a failure rejects the call, and `send` retries it as it
 *   retries `chat` (429 with Retry-After, 408/409, 5xx, connection errors): nothing was emitted,
 *   so nothing is repeated;
 * - after it, the subscriber is failed directly ("the stream broke after N characters"), which
 *   unsubscribes `send` before its retry can start: a retry would send the text again (and,
 *   sampled, maybe a different text).
 * A refusal is also reported directly: like `chat`'s, it is never retried.
 *
 * Cancellation: unsubscribing unsubscribes `send`, which aborts the signal the SDK call got. The
 * SDK's stream then ENDS QUIETLY, as if the reply were complete (its iterator catches the
 * AbortError and returns), so the signal is checked after the loop: an aborted stream fails,
 * never completes. When the subscriber has left nobody hears it; when anything else aborted the
 * signal, the reply is incomplete and must not pass for a finished one.
 */
import type OpenAI from 'openai';
import { Observable } from 'rxjs';
import { EpicLlmError } from '../errors.js';
import { asStream, type TextStream } from '../runtime/stream-source.js';
import { checkPrompt, refusalError, toMessages, type ChatOptions, type ChatPrompt } from './chat.js';
import { checkOptions, orFail, SAMPLING_KEYS, samplingParams } from './params.js';
import type { Requester } from './request.js';
import { reportOf, type JoinReport } from './sharing.js';

/** Options of one `chatStream` call: `chat`'s, without `cache` (a streamed call is never shared). */
export type ChatStreamOptions = Omit<ChatOptions, 'cache'>;

/** The streaming chat host function: the reply's text, as a text stream of its deltas. */
export type ChatStream = (prompt: ChatPrompt, options?: ChatStreamOptions) => TextStream;

const OPERATION = 'chatStream';
const STREAM_KEYS: readonly string[] = Object.freeze([...SAMPLING_KEYS.filter((key) => key !== 'cache'), 'system']);

type StreamBody = OpenAI.Chat.ChatCompletionCreateParamsStreaming;

/**
 * Creates the `chatStream` host function of an Llm: `chatStream(prompt, options?)` is the reply
 * as a text stream (`asStream(chunks$, 'text')`), which a program consumes as it arrives
 * (`chatStream(q).split('\n')`, `+`, `for…of` over the lines) and reads whole only where an
 * operation needs the whole text (`.toUpperCase()`). Its `source` is the cold Observable of the
 * chunks: the content deltas as the server cut them, empty ones left out; their concatenation is
 * the reply `chat` gives for the same deterministic call.
 *
 * Gotchas:
 * - Each subscription to `source` is a new request; streamed calls are never deduplicated or
 *   cached, whatever the temperature (hence no `cache` option).
 * - Retries: a failure before the first chunk is retried like `chat`'s; a failure after it is
 *   NOT retried and fails with an `EpicLlmError` "chatStream: the stream broke after N
 *   characters; not retried, so no text is repeated" — the chunks already emitted stay emitted.
 * - A reply stopped by the content filter (or a refusal) fails with an `EpicLlmError`, after
 *   whatever text came before the stop; it is not retried.
 * - The request holds one of the Llm's `maxConcurrency` slots until the reply has finished.
 * - Unsubscribing aborts the HTTP request; the stream then neither completes nor fails.
 *
 * @example
 * const chatStream = createChatStream({ send, model: 'epic-sim' });
 * chatStream('Tell a story', { max_tokens: 50 }).source.subscribe((chunk) => process.stdout.write(chunk));
 */
export function createChatStream(deps: { readonly send: Requester; readonly model: string }): ChatStream {
  const { send, model } = deps;
  return function (this: unknown, prompt, options = {}) {
    const report = reportOf(this);
    const chunks = orFail(checkOptions(OPERATION, options, STREAM_KEYS) ?? checkPrompt(OPERATION, prompt), () =>
      streamReply(send, report, {
        ...samplingParams(options, model),
        messages: toMessages(prompt, options.system),
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    return asStream(chunks, 'text');
  };
}

/** The chunks of one streamed request (see the file comment for retries and cancellation). */
function streamReply(send: Requester, report: JoinReport | undefined, body: StreamBody): Observable<string> {
  return new Observable<string>((subscriber) => {
    let sent = 0; // characters emitted; from the first one on, a failure must not be retried
    const emit = (text: string): void => {
      sent += text.length;
      subscriber.next(text);
    };
    const request = send(
      OPERATION,
      async (client, signal) => {
        const stream = await client.chat.completions.create(body, { signal });
        let ending: Ending;
        try {
          ending = await readDeltas(stream, signal, emit);
        } catch (error) {
          if (sent === 0) throw error; // nothing emitted yet: `send` retries it
          subscriber.error(send.scrub(brokenError(sent, error)));
          return;
        }
        const refused = refusalError(OPERATION, ending.finishReason, ending.refusal);
        if (refused) subscriber.error(send.scrub(refused));
      },
      report && ((id) => report({ id, size: 1 })),
    );
    return request.subscribe({
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}

/** How a reply that was read to its end finished. */
interface Ending {
  readonly finishReason: string;
  readonly refusal: string;
}

/**
 * Emits the non-empty content deltas of choice 0 and returns how the reply finished. Throws if
 * `signal` aborted — the SDK's stream then just stops, and an incomplete reply must not pass for
 * a finished one (when the subscriber has left, nobody hears the error) — and if the stream ended
 * without a finish reason (the server closed it cleanly but early).
 */
async function readDeltas(
  stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>,
  signal: AbortSignal,
  emit: (text: string) => void,
): Promise<Ending> {
  let finishReason: string | null = null;
  let refusal = '';
  for await (const chunk of stream) {
    const choice = chunk.choices.find((c) => c.index === 0); // none in the final usage chunk
    if (!choice) continue;
    if (choice.delta.content) emit(choice.delta.content);
    refusal += choice.delta.refusal ?? '';
    finishReason ??= choice.finish_reason;
  }
  if (signal.aborted) throw signal.reason;
  if (finishReason === null) throw new Error('the response ended without a finish_reason');
  return { finishReason, refusal };
}

function brokenError(characters: number, cause: unknown): EpicLlmError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new EpicLlmError(
    `${OPERATION}: the stream broke after ${characters} characters; not retried, so no text is repeated (${detail})`,
    { cause },
  );
}
