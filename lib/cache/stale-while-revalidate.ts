/**
 * One value computed by an expensive function, served from memory: fresh for `freshMs`; after that the stale value
 * is still answered at once while a single background run recomputes it (stale-while-revalidate), until `maxStaleMs`,
 * past which callers wait for the new value. Concurrent misses share one computation. A failed refresh keeps the
 * old value and is retried by the next caller.
 *
 * Why: the inventory's chart data is one grouped query over every daily row; on SQLite it holds the (synchronous)
 * event loop for a noticeable time at 100,000 endpoints, so every page load that recomputed it delayed the next
 * request — the table's own call included. Charts tolerate seconds of staleness; the table never goes through here.
 */
export function staleWhileRevalidate<T>(compute: () => Promise<T>, opts: { freshMs: number; maxStaleMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  let value: { at: number; data: T } | undefined;
  let running: Promise<T> | undefined;
  // Bumped by `invalidate`: a computation started before it read the data as it was, and must not be kept or shared.
  let generation = 0;
  const refresh = (): Promise<T> => {
    if (running) return running;
    const started = generation;
    const run: Promise<T> = compute()
      .then((data) => {
        if (started === generation) value = { at: now(), data };
        return data;
      })
      .finally(() => {
        if (running === run) running = undefined;
      });
    running = run;
    return run;
  };
  return {
    async get(): Promise<T> {
      const age = value ? now() - value.at : Infinity;
      if (value && age <= opts.freshMs) return value.data;
      if (value && age <= opts.maxStaleMs) {
        refresh().catch(() => undefined);
        return value.data;
      }
      return refresh();
    },
    /** Next `get` recomputes (tests, or a caller that knows the data just changed), not waiting on a run started before. */
    invalidate(): void {
      value = undefined;
      running = undefined;
      generation++;
    },
  };
}
