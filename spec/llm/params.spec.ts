import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createDedupe } from '../../operators/index.js';
import { shareIf } from '../../lib/llm/params.js';

describe('shareIf', () => {
  it('computes the key only for a deterministic call', () => {
    const dedupe = createDedupe<string>();
    const keys: string[] = [];
    const key = (k: string) => () => {
      keys.push(k);
      return k;
    };
    const answer = new Subject<string>();
    shareIf(false, dedupe, key('sampled'), () => answer).subscribe();
    expect(keys).toEqual([]);
    shareIf(true, dedupe, key('same'), () => answer).subscribe();
    expect(keys).toEqual(['same']);
  });

  it('makes one call for deterministic calls of one key in flight, and one per non-deterministic call', () => {
    const dedupe = createDedupe<string>();
    let made = 0;
    const answer = new Subject<string>();
    const make = () => {
      made += 1;
      return answer;
    };
    const got: string[] = [];
    for (let i = 0; i < 3; i++) shareIf(true, dedupe, () => 'k', make).subscribe((v) => got.push(v));
    expect(made).toBe(1);
    shareIf(false, dedupe, () => 'k', make).subscribe((v) => got.push(v));
    expect(made).toBe(2);
    answer.next('a');
    answer.complete();
    expect(got).toEqual(['a', 'a', 'a', 'a']);
  });
});
