// Results as values: decoders and parsers never throw on bad input, they return a
// rejection with a reason code that the caller counts.

/** Outcome of a decoder or parser: a value, or a counted rejection with a reason code. */
export type Result<T, R extends string = string> =
  | { ok: true; value: T }
  | { ok: false; reason: R; detail: string };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a rejection; `detail` names the bad value so logs explain themselves. */
export function fail<R extends string>(reason: R, detail: string): { ok: false; reason: R; detail: string } {
  return { ok: false, reason, detail };
}
