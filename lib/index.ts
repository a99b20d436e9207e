/**
 * epic-rx: plain sequential programs over slow external calls, run opportunistically. See
 * README.md for a tour; this list is exactly what README documents (spec/index.spec.ts pins it).
 *
 * How it runs: `program()` (program.ts) translates a function's source to a λ-term
 * (frontend/, terms/); the term compiles to JS closures (compile/) that a run (runtime/run.ts)
 * evaluates without blocking — or, for the sequential strategy, the same run admitting one host
 * call at a time. A value still pending is a `Cell` (runtime/cell.ts), a stream still arriving a
 * `StreamCell` (runtime/streams.ts); each host call is dispatched once its arguments are whole.
 * RxJS is the interface at every edge: runs, events, snapshots and `compile(term)` are
 * Observables, host results and inputs may be Observables, and a pending part that reaches user
 * code (a stream handed to a host, a part of a snapshot) is an Observable over its Cell
 * (runtime/observe.ts).
 */
export { program, Program, type Input, type Inputs, type ProgramOptions, type Strategy } from './program.js';
export { compile } from './compile-term.js';
export { external, type HostOptions, type Resolved, type StreamItem, type Sync } from './runtime/external.js';
export type { HostContext } from './runtime/host-calls.js';
export {
  asStream,
  type ItemStream,
  type StreamKind,
  type StreamSource,
  type TextStream,
} from './runtime/stream-source.js';
export { isPending, Pending, PENDING_JSON } from './runtime/observe.js';
export type { Snapshot, SnapshotValue } from './runtime/snapshot.js';
export type { JoinedRequest } from './runtime/batched.js';
export type {
  BatchedEvent,
  CallSite,
  DispatchedEvent,
  FailedEvent,
  HostCallEvent,
  InputEvent,
  ResolvedEvent,
  ResultEvent,
  RunEvent,
  SnapshotEvent,
  WatchEvent,
} from './runtime/events.js';
export { runStats, type RunStats } from './runtime/run-stats.js';
export {
  applyPatchFrame,
  eventStreamHandler,
  eventStreamResponse,
  toEventStream,
  writeEventStream,
  type EventStreamOptions,
  type PatchFrameData,
  type ServableEvent,
  type TextAppend,
} from './serve/index.js';
export {
  EpicBatchError,
  EpicError,
  EpicInternalError,
  EpicLlmError,
  EpicProgramError,
  EpicRuntimeError,
  EpicSyntaxError,
  EpicTimeoutError,
  EpicUnboundNameError,
} from './errors.js';
export * as terms from './terms/index.js';
export * from '../operators/index.js';
export { createLlm, type Llm, type LlmHosts, type LlmOptions } from './llm/index.js';
export { startSim, type SimOptionsInput, type SimServer } from './sim/index.js';
// not from batch/index.ts: that one loads BullMQ and ioredis, which only `epic batch --queue` and `epic worker` need
export {
  runBatch,
  type BatchFailure,
  type BatchOptions,
  type BatchResult,
  type BatchValue,
} from './batch/run-batch.js';
export { openFileJournal, type CallJournal } from './batch/journal.js';
export { timelineHtml, type TimelineOptions, type TimelineRun } from './timeline/index.js';
export { tracedRun, type TraceableProgram, type TraceOptions } from './tracing/index.js';
