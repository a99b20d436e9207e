/**
 * OpenTelemetry traces of runs (API only; no SDK at run time): `tracedRun(prog, args, options)`.
 */
export { tracedRun, TRACER_NAME, type TraceableProgram, type TraceOptions } from './traced-run.js';
