// Runs async tasks with at most `limit` in flight: many writes in the air, never unbounded.

/** Runs every task with bounded concurrency; rejects with the first error after all have settled. */
export async function runBounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  let firstError: unknown = null;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (!task) continue;
      try {
        results[i] = await task();
      } catch (err) {
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  // The first task's own rejection, passed on as it came (as a catch that re-throws would).
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a caught rejection re-thrown unchanged, only later
  if (firstError !== null) throw firstError;
  return results;
}
