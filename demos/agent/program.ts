/**
 * Nested tool use as one plain program: an agent answers a multi-part question with tools that
 * themselves call the LLM, three levels deep.
 * - The agent asks the LLM to split the question into parts ("lookup: …" or "compare: … | …"),
 *   runs the tool each part names, and asks the LLM for the final answer from the findings.
 * - `lookup(part)` calls the `search` tool, then `summarise` on each hit, then asks the LLM to
 *   answer the part from the notes.
 * - `summarise(part, doc)` asks the LLM what the document says about the part.
 * - `compare(a, b)` runs `lookup` on both and asks the LLM which is larger.
 * Run opportunistically, every part's search starts as soon as the split has arrived, every hit's
 * note as soon as its search has, each part's answer as soon as its own notes have — parts never
 * wait for each other — and the final answer as soon as every finding is in.
 */
import { firstValueFrom, timer } from 'rxjs';
import { external, program, type Program } from '../../lib/index.js';
import { createLlm, type Llm } from '../../lib/llm/index.js';
import type { SimOptionsInput } from '../../lib/sim/index.js';
import { GPT4_LATENCY } from '../game24/session.js';
import { countryIn, docsAbout } from './facts.js';
import { agentResponder } from './responder.js';

/** What the agent returns. */
export interface AgentResult {
  /** The split: one line per part, "lookup: <part>" or "compare: <part> | <part>". */
  readonly parts: readonly string[];
  /** Each part's finding, in order. */
  readonly findings: readonly string[];
  readonly answer: string;
}

/** The agent's calls as functions returning Promises (the hand-written versions use them). */
export interface AgentCalls {
  /** The LLM, at temperature 0. */
  readonly chat: (prompt: string) => Promise<string>;
  /** The search tool: the documents about the country the query names ("title\ntext" each), best first. */
  readonly search: (query: string) => Promise<string[]>;
}

/** The calls as program code sees them. */
export interface AgentHosts {
  readonly chat: (prompt: string) => string;
  readonly search: (query: string) => string[];
}

/** The search tool's latency in model ms (multiplied by the time scale, as the simulator's are). */
export const SEARCH_MS = 300;

/**
 * The calls over an Llm, with the search tool answering from the fact table after
 * `SEARCH_MS × timeScale` ms.
 *
 * @example
 * await agentCalls(llm, 0.05).search('the capital of Peru'); // ['Peru — overview\nPeru is …', …]
 */
export function agentCalls(llm: Llm, timeScale: number): AgentCalls {
  return {
    chat: (prompt) => firstValueFrom(llm.chat(prompt, { temperature: 0 })),
    search: async (query) => {
      await firstValueFrom(timer(SEARCH_MS * timeScale));
      const c = countryIn(query);
      return c ? docsAbout(c).map((d) => `${d.title}\n${d.text}`) : [];
    },
  };
}

/** The calls as host functions. */
export const agentHosts = (calls: AgentCalls): AgentHosts => ({
  chat: external(calls.chat),
  search: external(calls.search),
});

/**
 * The agent: `question => AgentResult` (see the file comment).
 *
 * Gotcha: the prompts are written out here (program code sees only its hosts); responder.ts
 * recognises them, and handwritten.ts asks the same through responder.ts's prompt functions.
 *
 * @example
 * const agent = agentProgram(agentHosts(calls));
 * await agent.evaluate('Answer each part: the capital of Peru; compare the population of Japan and Kenya.');
 */
export function agentProgram(hosts: AgentHosts, name = 'agent'): Program<[string], AgentResult> {
  const { chat, search } = hosts;
  return program(
    { chat, search },
    (question: string): AgentResult => {
      const summarise = (part: string, doc: string): string =>
        chat(`Note what this document says about ${part}, in one sentence, or "nothing relevant".\n\n${doc}`);
      const lookup = (part: string): string => {
        const notes = search(part).map((doc) => summarise(part, doc));
        return chat(`Answer "${part}" in a few words from these notes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
      };
      const compare = (a: string, b: string): string => {
        const x = lookup(a);
        const y = lookup(b);
        return chat(`Which is larger, ${a} (${x}) or ${b} (${y})? Answer in one sentence.`);
      };
      const split = chat(
        'Split this question into parts, one per line, as "lookup: <part>" or "compare: <part> | <part>".' +
          `\n\nQuestion: ${question}`,
      );
      const parts = split.split('\n').filter((line) => line.includes(': '));
      const findings = parts.map((line) => {
        const rest = line.slice(line.indexOf(': ') + 2);
        return line.startsWith('compare: ') ? compare(rest.split(' | ')[0]!, rest.split(' | ')[1]!) : lookup(rest);
      });
      const lines = parts.map((line, i) => `- ${line} => ${findings[i]}`).join('\n');
      return {
        parts,
        findings,
        answer: chat(`Question: ${question}\n\nFindings:\n${lines}\n\nWrite the final answer.`),
      };
    },
    { name },
  );
}

/** An Llm on the embedded simulator with the agent responder, its calls, and the agent on it. */
export interface AgentSession {
  readonly llm: Llm;
  readonly calls: AgentCalls;
  readonly program: Program<[string], AgentResult>;
  /** The simulator options in force. */
  readonly sim: SimOptionsInput;
}

/**
 * The case on the embedded simulator: GPT-4-like latency (`GPT4_LATENCY`), the default 8 slots,
 * `sim` over that; the search tool at the same time scale. Requests are not retried.
 *
 * @example
 * const s = createAgent({ timeScale: 0.05 });
 * await s.program.evaluate(AGENT_QUESTION);
 * await s.llm.close();
 */
export function createAgent(sim: SimOptionsInput = {}): AgentSession {
  const options = { ...GPT4_LATENCY, ...sim };
  const llm = createLlm({ env: {}, sim: { ...options, responder: agentResponder }, retry: { maxRetries: 0 } });
  const calls = agentCalls(llm, options.timeScale ?? 1);
  return { llm, calls, program: agentProgram(agentHosts(calls)), sim: options };
}

/** The question of the demo and the benchmark: three lookups and a comparison. */
export const AGENT_QUESTION =
  'Answer each part: the capital of Peru; the currency of Vietnam; ' +
  'compare the population of Japan and Kenya; the language of Norway.';
