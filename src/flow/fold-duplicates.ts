// Step 2 of call-flow assembly ("unique packets"): a message crossing several capture
// points is stored once per point, with the same dedupe key (payload + endpoints). Those
// copies are folded into the earliest one, which remembers where else it was seen.
//
// A copy folds into the latest earlier message with the same key when both hold:
//   - it is within `windowMicros` (default 2 s) of that message's first capture, and
//   - that message was not yet seen at the copy's capture point (location + node).
// The second rule keeps retransmissions: a UDP INVITE resent after 500 ms has the same key,
// but one capture point seeing it twice means it really crossed the wire twice.
import type { MessageRow } from '../store/types.js';

/** One capture of a message, time in µs since the epoch. */
export interface Capture {
  location: string;
  node: string;
  ts: bigint;
}

/** Default folding window: copies of one message reach the capture points within milliseconds. */
export const DEFAULT_FOLD_WINDOW_MICROS = 2_000_000n;

/** The capture of one row, for items that were not folded. */
export function captureOf(row: MessageRow): Capture {
  return { location: row.location, node: row.node, ts: row.ts };
}

/**
 * Folds copies of one message into its earliest capture. Items must be in capture order
 * (mergeLegs gives that). Each kept item gets `seenAt`: every capture of it, its own first.
 */
export function foldDuplicates<T extends { row: MessageRow }>(
  items: readonly T[],
  opts: { windowMicros?: bigint } = {},
): (T & { seenAt: Capture[] })[] {
  const window = opts.windowMicros ?? DEFAULT_FOLD_WINDOW_MICROS;
  const out: (T & { seenAt: Capture[] })[] = [];
  const latestByKey = new Map<string, T & { seenAt: Capture[] }>();
  for (const item of items) {
    // A row without a dedupe key (never written by capture, but the type allows it) stands alone.
    const key = item.row.dedupe.length > 0 ? item.row.dedupe.toString('hex') : null;
    const kept = key === null ? undefined : latestByKey.get(key);
    const here = (c: Capture) => c.location === item.row.location && c.node === item.row.node;
    if (kept && item.row.ts - kept.row.ts <= window && !kept.seenAt.some(here)) {
      kept.seenAt.push(captureOf(item.row));
      continue;
    }
    const next = { ...item, seenAt: [captureOf(item.row)] };
    if (key !== null) latestByKey.set(key, next);
    out.push(next);
  }
  return out;
}
