/**
 * The agent written by hand as async TypeScript, over the same calls (program.ts `agentCalls`)
 * and prompts (responder.ts) as the program:
 * - `agentSequential`: every call awaited in turn, as a plain agent loop would;
 * - `agentParallel`: the parts at once (`Promise.all`), and inside each part its hits' notes at
 *   once, and a comparison's two lookups at once.
 */
import type { AgentCalls, AgentResult } from './program.js';
import { answerPrompt, comparePrompt, finalPrompt, notePrompt, splitPrompt } from './responder.js';

/** The tools, given how a list of steps is run (in turn, or at once). */
function tools(calls: AgentCalls, all: <T, U>(xs: readonly T[], f: (x: T) => Promise<U>) => Promise<U[]>) {
  const lookup = async (part: string): Promise<string> => {
    const hits = await calls.search(part);
    const notes = await all(hits, (doc) => calls.chat(notePrompt(part, doc)));
    return calls.chat(answerPrompt(part, notes));
  };
  const compare = async (a: string, b: string): Promise<string> => {
    const [x, y] = await all([a, b], lookup);
    return calls.chat(comparePrompt(a, x!, b, y!));
  };
  return async (question: string): Promise<AgentResult> => {
    const parts = (await calls.chat(splitPrompt(question))).split('\n').filter((line) => line.includes(': '));
    const findings = await all(parts, (line) => {
      const rest = line.slice(line.indexOf(': ') + 2);
      return line.startsWith('compare: ') ? compare(rest.split(' | ')[0]!, rest.split(' | ')[1]!) : lookup(rest);
    });
    return { parts, findings, answer: await calls.chat(finalPrompt(question, parts, findings)) };
  };
}

/** One at a time, in order. */
async function inTurn<T, U>(xs: readonly T[], f: (x: T) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}

/** All at once. */
const atOnce = <T, U>(xs: readonly T[], f: (x: T) => Promise<U>): Promise<U[]> => Promise.all(xs.map(f));

/**
 * Every call in turn.
 *
 * @example
 * await agentSequential(session.calls, AGENT_QUESTION);
 */
export const agentSequential = (calls: AgentCalls, question: string): Promise<AgentResult> =>
  tools(calls, inTurn)(question);

/**
 * Independent calls at once.
 *
 * @example
 * await agentParallel(session.calls, AGENT_QUESTION);
 */
export const agentParallel = (calls: AgentCalls, question: string): Promise<AgentResult> =>
  tools(calls, atOnce)(question);
