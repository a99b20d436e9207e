/**
 * The OpenAI wire shapes of chat completions and legacy completions, full and streamed, as the
 * openai SDK 6.x parses them.
 *
 * Gotcha: a refused choice (`finish_reason: "content_filter"`) has empty text, and in a stream
 * it sends no delta at all, only its opening (chat) and closing events.
 */
import type { GenerationWire } from './generation.js';

/**
 * Chat completions: `message` in full responses; in streams a role delta first, then content
 * deltas, then an empty delta with the finish reason.
 */
export const CHAT_WIRE: GenerationWire = {
  object: 'chat.completion',
  chunkObject: 'chat.completion.chunk',
  idPrefix: 'chatcmpl',
  choice: (c) => ({
    index: c.index,
    message: { role: 'assistant', content: c.shaped.text, refusal: null },
    logprobs: null,
    finish_reason: c.shaped.finishReason,
  }),
  open: (c) => ({ index: c.index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }),
  delta: (c, piece) => ({ index: c.index, delta: { content: piece }, logprobs: null, finish_reason: null }),
  close: (c) => ({ index: c.index, delta: {}, logprobs: null, finish_reason: c.shaped.finishReason }),
};

/** Legacy completions: `text` in full responses and in every streamed chunk. */
export const COMPLETION_WIRE: GenerationWire = {
  object: 'text_completion',
  chunkObject: 'text_completion',
  idPrefix: 'cmpl',
  choice: (c) => ({ index: c.index, text: c.shaped.text, logprobs: null, finish_reason: c.shaped.finishReason }),
  open: undefined,
  delta: (c, piece) => ({ index: c.index, text: piece, logprobs: null, finish_reason: null }),
  close: (c) => ({ index: c.index, text: '', logprobs: null, finish_reason: c.shaped.finishReason }),
};
