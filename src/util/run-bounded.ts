// Runs async tasks with at most `limit` in flight: many writes in the air, never unbounded.

/** Runs every task with bounded concurrency; rejects with the first error after all have settled. */
export async function runBounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let firstError: unknown = null;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (err) {
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (firstError !== null) throw firstError;
  return results;
}
