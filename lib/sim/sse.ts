/**
 * Paced server-sent events for streaming generations: each choice's word pieces are sent at the
 * times a `TokenTimeline` gives, measured from `base` (when the request took its slot).
 *
 * Order of events: one opening event per choice (if the route has one), then for each token
 * position `i` a delta for every choice that has a token `i` (choices of different lengths
 * interleave), then one closing event per choice with its finish reason, then `tail` (the usage
 * chunk), then `data: [DONE]`. Tokens already due are written without waiting, so a slow event
 * loop never stretches the stream beyond the model.
 */
import type { RequestContext } from './context.js';
import type { TokenTimeline } from './latency.js';
import type { ShapedText } from './tokens.js';

/** How one route turns a choice into SSE payloads. */
export interface StreamEvents<C extends { readonly shaped: ShapedText }> {
  readonly open: ((choice: C) => unknown) | undefined;
  readonly delta: (choice: C, piece: string) => unknown;
  readonly close: (choice: C) => unknown;
}

/**
 * Streams `choices` over `ctx` as described in the file comment. Rejects (and stops writing) as
 * soon as the request is cancelled.
 *
 * @example
 * await streamChoices(ctx, timeline, performance.now(), choices, chatEvents, [usageChunk]);
 */
export async function streamChoices<C extends { readonly shaped: ShapedText }>(
  ctx: RequestContext,
  timeline: TokenTimeline,
  base: number,
  choices: readonly C[],
  events: StreamEvents<C>,
  tail: readonly unknown[],
): Promise<void> {
  const until = (t: number): Promise<void> => ctx.sleep(base + t - performance.now());
  ctx.startEvents();
  const { open } = events;
  if (open) choices.forEach((c) => ctx.sendEvent(open(c)));
  const longest = choices.reduce((most, c) => Math.max(most, c.shaped.pieces.length), 0);
  for (let i = 0; i < longest; i++) {
    await until(timeline.tokenAt(i));
    for (const c of choices) {
      const piece = c.shaped.pieces[i];
      if (piece !== undefined) ctx.sendEvent(events.delta(c, piece));
    }
  }
  await until(timeline.doneAt(longest));
  choices.forEach((c) => ctx.sendEvent(events.close(c)));
  tail.forEach((t) => ctx.sendEvent(t));
  ctx.sendEvent('[DONE]');
  ctx.endEvents();
}
