/** Test support: reading an event stream over real HTTP, frame by frame, and the results it carries. */
import { applyPatchFrame, type PatchFrameData } from '../../lib/serve/text-appends.js';

/** One server-sent event: its name and its parsed JSON data. */
export interface Frame {
  readonly event: string;
  readonly data: any;
}

/**
 * The frames of `url`'s event stream as they arrive (a comment, e.g. a heartbeat, as
 * `{ event: ':' }`). Breaking out of the loop (or `signal` aborting) closes the connection.
 */
export async function* readFrames(url: string, signal?: AbortSignal): AsyncGenerator<Frame> {
  const response = await fetch(url, { signal: signal ?? null });
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  const type = response.headers.get('content-type');
  if (!type?.startsWith('text/event-stream')) throw new Error(`GET ${url}: ${type}, not an event stream`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      yield parseFrame(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
  if (buffer.trim()) throw new Error(`stream ended inside a frame: ${JSON.stringify(buffer)}`);
}

/** All frames of `url`'s event stream, until the server ends it. */
export async function allFrames(url: string): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readFrames(url)) frames.push(frame);
  return frames;
}

/** The frames of a whole event-stream body. */
export function framesOf(text: string): Frame[] {
  if (!text.endsWith('\n\n')) throw new Error(`stream ended inside a frame: ${JSON.stringify(text.slice(-80))}`);
  return text.slice(0, -2).split('\n\n').map(parseFrame);
}

/** One frame; a comment (a heartbeat) is `{ event: ':', data: its text }`. */
function parseFrame(text: string): Frame {
  if (text.startsWith(':') && !text.includes('\n')) return { event: ':', data: text.slice(1).trim() };
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else throw new Error(`unexpected line in a frame: ${JSON.stringify(line)}`);
  }
  return { event, data: JSON.parse(data.join('\n')) };
}

/** The result frames applied in order (`applyPatchFrame`): every state a page would show; the last is the result. */
export function statesOf(frames: readonly Frame[]): unknown[] {
  const states: unknown[] = [];
  for (const { event, data } of frames) {
    if (event === 'snapshot') states.push(data.value);
    if (event === 'patch') states.push(applyPatchFrame(states.at(-1), data as unknown as PatchFrameData));
  }
  return states;
}
