/**
 * epic-rx: plain sequential programs over slow external calls, run opportunistically as RxJS
 * observable networks. See README.md for a tour.
 */
export { program, Program, type ProgramOptions, type Input, type Inputs, type Strategy } from './frontend/program.js';
export { external, type HostOptions, type Resolved, type StreamItem, type Sync } from './runtime/external.js';
export { asStream, type ItemStream, type StreamKind, type StreamSource, type TextStream } from './runtime/stream-source.js';
export { isPending, Pending, PENDING_JSON } from './runtime/observe.js';
export type { Snapshot, SnapshotValue } from './runtime/snapshot.js';
export type { HostContext } from './runtime/host-calls.js';
export type {
  CallSite, DispatchedEvent, FailedEvent, HostCallEvent, InputEvent, ResolvedEvent, ResultEvent, RunEvent, SnapshotEvent,
  WatchEvent,
} from './runtime/events.js';
export { compile } from './compile/compile.js';
export {
  EpicBatchError, EpicError, EpicLlmError, EpicRuntimeError, EpicSyntaxError, EpicUnboundNameError,
} from './errors.js';
export * as terms from './terms/index.js';
export * from '../operators/index.js';
export { createLlm, type Llm, type LlmHosts, type LlmOptions } from './llm/index.js';
export { startSim, type SimOptionsInput, type SimServer } from './sim/index.js';
