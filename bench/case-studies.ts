/**
 * The five case studies of `npm run bench -- cases`, each behind one interface: how to build its
 * program from host functions (so the benchmark can record a run's calls and replay them in
 * virtual time, bench/critical-path.ts), the hosts and arguments of the measured run, its
 * hand-written sequential and parallel versions, and a check of the answer.
 */
import { isDeepStrictEqual } from 'node:util';
import { AGENT_QUESTION, agentProgram, createAgent, type AgentHosts } from '../demos/agent/program.js';
import { agentParallel, agentSequential } from '../demos/agent/handwritten.js';
import { expectedAnswer } from '../demos/agent/responder.js';
import { answersCheck } from '../demos/cities/demo.js';
import { runHandWritten } from '../demos/cities/handwritten.js';
import { runHandWrittenSequential } from '../demos/cities/handwritten-sequential.js';
import { runSequential, runWatched } from '../demos/cities/measure.js';
import { citiesProgram, createCities, type ChatHost } from '../demos/cities/program.js';
import {
  constrainedProgram,
  createConstrained,
  MAX_ATTEMPTS,
  PRODUCTS,
  type ConstrainedHosts,
} from '../demos/constrained/program.js';
import { recordsParallel, recordsSequential } from '../demos/constrained/handwritten.js';
import { expectedRecord } from '../demos/constrained/responder.js';
import { FIELDS } from '../demos/constrained/schema.js';
import { solveByRounds, solveSequential } from '../demos/game24/baselines.js';
import { totLogRecord } from '../demos/game24/log.js';
import { replayEnvelope } from '../demos/game24/replay.js';
import { GPT4_LATENCY, startReplay } from '../demos/game24/session.js';
import { totCalls, totHosts, totProgram, type TotHosts } from '../demos/game24/tot.js';
import { reportDocument } from '../demos/self-consistency/document.js';
import { createDigest, digestProgram, VOTE_SETTINGS, type DigestHosts } from '../demos/self-consistency/program.js';
import { digestParallel, digestSequential } from '../demos/self-consistency/handwritten.js';
import { expectedDigest } from '../demos/self-consistency/responder.js';
import { CITIES_LATENCY } from '../demos/cities/responder.js';
import type { Program } from '../lib/index.js';
import type { SimServer } from '../lib/sim/index.js';

/** One run of one way: its answer, total time and (where meaningful) time to first output, in wall ms. */
export interface WayRun {
  readonly result: unknown;
  readonly totalMs: number;
  readonly firstMs?: number;
}

/** A case study ready to measure (see the file comment). */
export interface CaseStudy {
  readonly name: string;
  /** Its shape in a few words. */
  readonly shape: string;
  /** The simulator's settings and the time scale, in words. */
  readonly settings: string;
  /** The program's host functions on the case's simulator (without `external` options). */
  readonly hosts: Record<string, (...args: any[]) => any>;
  /** The program over given hosts. */
  readonly build: (hosts: any) => Program<any[], unknown>;
  readonly args: unknown[];
  /** Runs `prog` (the program, possibly over recording hosts) with `args`, opportunistically or sequentially. */
  readonly runProgram: (prog: Program<any[], unknown>, strategy: 'opportunistic' | 'sequential') => Promise<WayRun>;
  readonly handSequential: () => Promise<WayRun>;
  readonly handParallel: () => Promise<WayRun>;
  /** Whether an answer is the right one (checked against the case's data, not against another run). */
  readonly check: (result: unknown) => boolean;
  /** The simulator, for the requests of each run. */
  readonly sim: () => SimServer;
  readonly close: () => Promise<void>;
}

/** Times `f`, as a way's run without a first output. */
async function timed(f: () => Promise<unknown>): Promise<WayRun> {
  const start = performance.now();
  const result = await f();
  return { result, totalMs: performance.now() - start };
}

/** The program's run both ways, timed. */
const evaluate =
  (args: unknown[]) =>
  (prog: Program<any[], unknown>, strategy: 'opportunistic' | 'sequential'): Promise<WayRun> =>
    timed(() => (strategy === 'sequential' ? prog.with({ strategy }) : prog).evaluate(...args));

const latency = (sim: { ttftMs?: number; perTokenMs?: number; timeScale?: number }, extra = ''): string =>
  `TTFT ${sim.ttftMs} ms + ${sim.perTokenMs} ms/word, 20 ms overhead per request, 8 slots${extra}, ` +
  `timeScale ${sim.timeScale}`;

const simOf = (server: SimServer | undefined): SimServer => {
  if (!server) throw new Error('case studies: the Llm has no embedded simulator');
  return server;
};

/** ToT on puzzle 900 of the GPT-4 log, from an empty value cache (where the log's run started). */
export async function totCase(timeScale: number): Promise<CaseStudy> {
  const record = totLogRecord(900);
  const session = await startReplay(record, { timeScale });
  const calls = totCalls(session.llm.complete, replayEnvelope);
  const args = [record.steps[0]!.x, {}];
  return {
    name: 'tot',
    shape: 'Tree-of-Thoughts BFS, puzzle 900 replayed from the GPT-4 log: 4 rounds of propose, then value, calls',
    settings: `GPT-4 replay, ${latency({ ...GPT4_LATENCY, timeScale })}`,
    hosts: { ...totHosts(session.llm.complete, replayEnvelope) },
    build: (hosts: TotHosts) => totProgram(hosts),
    args,
    runProgram: evaluate(args),
    handSequential: () => timed(() => solveSequential(calls, record.steps[0]!.x, {})),
    handParallel: () => timed(() => solveByRounds(calls, record.steps[0]!.x, {})),
    check: (result) => isDeepStrictEqual((result as { ys: unknown }).ys, record.ys),
    sim: () => session.sim,
    close: () => session.close(),
  };
}

/** Cities: a streamed list of 10 and a follow-up per city; time to first output is the first answer printed. */
export async function citiesCase(timeScale: number, n = 10): Promise<CaseStudy> {
  const session = createCities({ timeScale });
  await session.llm.ready();
  const { chatStream, chat } = session.llm.hosts;
  return {
    name: 'cities',
    shape: `streaming: a list of ${n} cities streamed, a follow-up per line as soon as it is complete`,
    settings: latency({ ...CITIES_LATENCY, timeScale }),
    hosts: { list: chatStream, chat },
    build: (hosts: { list: ChatHost; chat: ChatHost }) => citiesProgram(hosts.list, hosts.chat, 'cities'),
    args: [n],
    runProgram: async (prog, strategy) => {
      const t = strategy === 'sequential' ? await runSequential(prog as never, n) : await runWatched(prog as never, n);
      return { result: t.answers, totalMs: t.totalMs, firstMs: t.firstMs };
    },
    handSequential: async () => {
      const t = await runHandWrittenSequential(session.llm, n);
      return { result: t.answers, totalMs: t.totalMs, firstMs: t.firstMs };
    },
    handParallel: async () => {
      const t = await runHandWritten(session.llm, n);
      return { result: t.answers, totalMs: t.totalMs, firstMs: t.firstMs };
    },
    check: (result) => answersCheck(result as string[], n),
    sim: () => simOf(session.llm.simulator()),
    close: () => session.llm.close(),
  };
}

/** The agent: a four-part question, tools calling the LLM three levels deep. */
export async function agentCase(timeScale: number): Promise<CaseStudy> {
  const session = createAgent({ timeScale });
  await session.llm.ready();
  const args = [AGENT_QUESTION];
  return {
    name: 'agent',
    shape:
      'nested tool use: split (LLM), per part search (tool) → a note per hit (LLM) → answer (LLM), ' +
      'a comparison over two lookups, final (LLM)',
    settings: `${latency({ ...session.sim, timeScale }, ', search tool 300 ms')}`,
    hosts: { ...session.calls },
    build: (hosts: AgentHosts) => agentProgram(hosts),
    args,
    runProgram: evaluate(args),
    handSequential: () => timed(() => agentSequential(session.calls, AGENT_QUESTION)),
    handParallel: () => timed(() => agentParallel(session.calls, AGENT_QUESTION)),
    check: (result) => (result as { answer: string }).answer === expectedAnswer(AGENT_QUESTION),
    sim: () => simOf(session.llm.simulator()),
    close: () => session.llm.close(),
  };
}

/** Constrained decoding: six records, four fields each, four candidates per step. */
export async function constrainedCase(timeScale: number): Promise<CaseStudy> {
  const session = createConstrained({ timeScale });
  await session.llm.ready();
  const args = [[...PRODUCTS], [...FIELDS], MAX_ATTEMPTS];
  return {
    name: 'constrained',
    shape:
      `constrained decoding: ${PRODUCTS.length} JSON records, ${FIELDS.length} fields each, ` +
      '4 sampled candidates per step, resampled when the checker accepts none',
    settings: latency({ ...session.sim, timeScale }),
    hosts: { sample: session.calls.sample, check: session.calls.accepts },
    build: (hosts: ConstrainedHosts) => constrainedProgram(hosts),
    args,
    runProgram: evaluate(args),
    handSequential: () => timed(() => recordsSequential(session.calls, PRODUCTS, FIELDS, MAX_ATTEMPTS)),
    handParallel: () => timed(() => recordsParallel(session.calls, PRODUCTS, FIELDS, MAX_ATTEMPTS)),
    check: (result) => isDeepStrictEqual(result, PRODUCTS.map(expectedRecord)),
    sim: () => simOf(session.llm.simulator()),
    close: () => session.llm.close(),
  };
}

/** Map-reduce with self-consistency: 12 chunks × 5 samples, 3 sections × 3 samples, a title. */
export async function selfConsistencyCase(timeScale: number): Promise<CaseStudy> {
  const session = createDigest({ timeScale });
  await session.llm.ready();
  const document = reportDocument();
  const args = [document, VOTE_SETTINGS];
  return {
    name: 'self-consistency',
    shape:
      'map-reduce with self-consistency: 12 chunks × 5 samples and a vote, 3 sections × 3 samples and a vote, ' +
      'a title',
    settings: latency({ ...session.sim, timeScale }),
    hosts: { ...session.calls },
    build: (hosts: DigestHosts) => digestProgram(hosts),
    args,
    runProgram: evaluate(args),
    handSequential: () => timed(() => digestSequential(session.calls, document, VOTE_SETTINGS)),
    handParallel: () => timed(() => digestParallel(session.calls, document, VOTE_SETTINGS)),
    check: (result) => isDeepStrictEqual(result, expectedDigest(12, VOTE_SETTINGS.sectionSize)),
    sim: () => simOf(session.llm.simulator()),
    close: () => session.llm.close(),
  };
}
