import { defer, Observable, type ObservableInput } from 'rxjs';

/**
 * An Observable that calls `start(signal)` on subscribe and aborts `signal` when it is
 * unsubscribed before finishing — the bridge from RxJS teardown to AbortSignal-aware APIs
 * (fetch, the openai SDK's `{ signal }` request option). Each subscription calls `start` anew.
 *
 * Gotcha: the signal is aborted only if the subscriber leaves before completion or error, never
 * after: a `Response` it emitted keeps a readable body. A `start` that throws errors the
 * Observable.
 *
 * @example
 * const reply$ = fromAbortable((signal) => client.chat.completions.create(body, { signal }));
 * reply$.pipe(take(1)).subscribe(show); // unsubscribing early cancels the HTTP request
 */
export function fromAbortable<T>(start: (signal: AbortSignal) => PromiseLike<T> | ObservableInput<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let finished = false;
    const inner = defer(() => start(controller.signal)).subscribe({
      next: (value) => subscriber.next(value),
      error: (error: unknown) => {
        finished = true;
        subscriber.error(error);
      },
      complete: () => {
        finished = true;
        subscriber.complete();
      },
    });
    return () => {
      inner.unsubscribe();
      if (!finished) controller.abort();
    };
  });
}
