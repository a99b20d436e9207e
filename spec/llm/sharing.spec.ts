import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { JoinedRequest } from '../../lib/runtime/batched.js';
import { createSharedCalls, reportOf, type JoinReport } from '../../lib/llm/sharing.js';

describe('createSharedCalls', () => {
  it('computes the key only for a deterministic call', () => {
    const shared = createSharedCalls<string>(0);
    const keys: string[] = [];
    const key = (k: string) => () => {
      keys.push(k);
      return k;
    };
    const answer = new Subject<string>();
    shared(false, key('sampled'), undefined, () => answer).subscribe();
    expect(keys).toEqual([]);
    shared(true, key('same'), undefined, () => answer).subscribe();
    expect(keys).toEqual(['same']);
  });

  it('makes one call for deterministic calls of one key in flight, and one per non-deterministic call', () => {
    const shared = createSharedCalls<string>(0);
    let made = 0;
    const answer = new Subject<string>();
    const make = () => {
      made += 1;
      return answer;
    };
    const got: string[] = [];
    for (let i = 0; i < 3; i++) shared(true, () => 'k', undefined, make).subscribe((v) => got.push(v));
    expect(made).toBe(1);
    shared(false, () => 'k', undefined, make).subscribe((v) => got.push(v));
    expect(made).toBe(2);
    answer.next('a');
    answer.complete();
    expect(got).toEqual(['a', 'a', 'a', 'a']);
  });

  it('tells every call sharing a request which request it was, also one that joins after it was sent', () => {
    const shared = createSharedCalls<string>(0);
    const told: Array<[string, JoinedRequest]> = [];
    const report =
      (who: string): JoinReport =>
      (request) =>
        told.push([who, request]);
    let answer = new Subject<string>();
    let tell: JoinReport = () => undefined;
    const make = (t: JoinReport) => {
      tell = t;
      answer = new Subject<string>();
      return answer;
    };
    shared(true, () => 'k', report('a'), make).subscribe();
    const b = shared(true, () => 'k', report('b'), make).subscribe();
    const c = shared(true, () => 'k', report('c'), make).subscribe();
    c.unsubscribe(); // left before the request was sent: told nothing
    expect(told).toEqual([]);
    tell({ id: 'complete-1', size: 2 });
    shared(true, () => 'k', report('d'), make).subscribe(); // joins the sent request: told at once
    expect(told).toEqual([
      ['a', { id: 'complete-1', size: 2 }],
      ['b', { id: 'complete-1', size: 2 }],
      ['d', { id: 'complete-1', size: 2 }],
    ]);
    b.unsubscribe();
    answer.next('x');
    answer.complete();
    // the group is gone once its calls are: a new call of the key waits for its own request
    shared(true, () => 'k', report('e'), make).subscribe();
    expect(told.map(([who]) => who)).toEqual(['a', 'b', 'd']);
    tell({ id: 'complete-2', size: 1 });
    expect(told.at(-1)).toEqual(['e', { id: 'complete-2', size: 1 }]);
  });

  it('tells a non-deterministic call its own request, and a cached call nothing', () => {
    const shared = createSharedCalls<string>(10);
    const told: string[] = [];
    const answer = new Subject<string>();
    const make = (tell: JoinReport) => {
      tell({ id: 'chat-1', size: 1 });
      return answer;
    };
    shared(
      false,
      () => 'k',
      (r) => told.push(`sampled ${r.id}`),
      make,
    ).subscribe();
    shared(
      true,
      () => 'k',
      (r) => told.push(`first ${r.id}`),
      make,
    ).subscribe();
    answer.next('x');
    answer.complete();
    shared(
      true,
      () => 'k',
      (r) => told.push(`cached ${r.id}`),
      make,
    ).subscribe();
    expect(told).toEqual(['sampled chat-1', 'first chat-1']);
  });
});

describe('reportOf', () => {
  it('calls the joined method of a host context with that context as this', () => {
    const seen: unknown[] = [];
    const context = {
      joined(this: unknown, request: JoinedRequest) {
        seen.push(this, request);
      },
    };
    reportOf(context)?.({ id: 1, size: 3 });
    expect(seen).toEqual([context, { id: 1, size: 3 }]);
  });

  it('is undefined without a context or without joined', () => {
    expect(reportOf(undefined)).toBeUndefined();
    expect(reportOf({ signal: new AbortController().signal, callId: 1 })).toBeUndefined();
  });
});
