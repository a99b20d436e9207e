import { describe, expect, it } from 'vitest';
import * as operators from '../../operators/index.js';

describe('operators/index', () => {
  it('exports every operator', () => {
    expect(Object.keys(operators).sort()).toEqual([
      'NO_RUN_STATS',
      'addRunEvent',
      'batchWithin',
      'createBatcher',
      'createDedupe',
      'createLimiter',
      'fromAbortable',
      'readRetryAfterMs',
      'retryWithBackoff',
      'runEach',
      'runStats',
    ]);
  });
});
