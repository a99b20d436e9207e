/**
 * The public API is a closed list: what README documents and nothing else. Adding an export is a
 * decision (document it in README, then add it here); an internal leaking out fails this test.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../lib/index.js';
import * as operators from '../operators/index.js';

describe('the public API', () => {
  it('exports exactly the documented values of epic-rx', () => {
    expect(Object.keys(api).sort()).toEqual([
      'EpicBatchError',
      'EpicError',
      'EpicInternalError',
      'EpicLlmError',
      'EpicProgramError',
      'EpicRuntimeError',
      'EpicSyntaxError',
      'EpicTimeoutError',
      'EpicUnboundNameError',
      'PENDING_JSON',
      'Pending',
      'Program',
      'applyPatchFrame',
      'asStream',
      'batchWithin',
      'compile',
      'createBatcher',
      'createDedupe',
      'createLimiter',
      'createLlm',
      'eventStreamHandler',
      'eventStreamResponse',
      'external',
      'isPending',
      'openFileJournal',
      'program',
      'retryWithBackoff',
      'runBatch',
      'runEach',
      'runStats',
      'startSim',
      'terms',
      'timelineHtml',
      'toEventStream',
      'tracedRun',
      'writeEventStream',
    ]);
  });

  it('exports exactly the documented values of epic-rx/operators', () => {
    expect(Object.keys(operators).sort()).toEqual([
      'EpicBatchError',
      'EpicError',
      'batchWithin',
      'createBatcher',
      'createDedupe',
      'createLimiter',
      'retryWithBackoff',
      'runEach',
    ]);
  });

  it('gives terms as the term language, without the runtime encoding of conditionals', () => {
    expect(Object.keys(api.terms).sort()).toEqual([
      'app',
      'freeVars',
      'host',
      'isPrimOp',
      'lam',
      'let_',
      'letrec',
      'lit',
      'parseTerm',
      'prim',
      'printTerm',
      'proj',
      'tuple',
      'v',
      'withoutLocs',
    ]);
  });

  it('shares one EpicError between epic-rx and its operators', () => {
    expect(api.EpicError).toBe(operators.EpicError);
    expect(new api.EpicRuntimeError('x')).toBeInstanceOf(operators.EpicError);
  });
});
