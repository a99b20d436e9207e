/** Test support: polling for a condition that real I/O (a server, a socket) makes true. */

/**
 * Polls `check` every 2 ms until it returns a value other than undefined, and resolves with that
 * value; rejects after `ms` milliseconds.
 *
 * Gotcha: for real I/O only (a simulator's metrics, a socket closing). Anything that runs on a
 * scheduler belongs in virtual time (TestScheduler run mode), not here.
 *
 * @example
 * await waitFor(() => (sim.metrics().inService === 1 ? true : undefined));
 */
export async function waitFor<T>(check: () => T | undefined, ms = 3000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`waitFor: condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
