// An interface method that returns a Promise but has nothing to wait for (an in-memory
// store, a check that is already known) runs its body through settled(): the value
// resolves, a throw rejects, as an `async` method would do, without an `async` that awaits
// nothing. A caller can then never see a synchronous throw from a promise-returning method.

/** The result of `f` as a promise: resolved with its value, or rejected with what it threw. */
export function settled<T>(f: () => T): Promise<Awaited<T>> {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
