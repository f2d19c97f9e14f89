// Step 5 of call-flow assembly: the times the diagram prints beside each arrow. Capture
// times are bigint microseconds and stay bigint here: a Number of microseconds since 1970
// is exact today, but a difference computed through milliseconds or seconds as floats is
// not, and users compare these deltas to the microsecond against Wireshark.

/** Time since the previous message (0 for the first) and since the first, in µs. */
export interface Delta {
  deltaMicros: bigint;
  sinceStartMicros: bigint;
}

/** Deltas of capture times in list order (which is capture order after mergeLegs). */
export function timeDeltas(ts: readonly bigint[]): Delta[] {
  const first = ts[0];
  let prev = first;
  return ts.map((t) => {
    const d = { deltaMicros: t - (prev ?? t), sinceStartMicros: t - (first ?? t) };
    prev = t;
    return d;
  });
}
