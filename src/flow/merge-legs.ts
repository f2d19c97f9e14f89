// Step 1 of call-flow assembly: the partitions of a call group (one per Call-ID and UTC
// day) arrive as separate arrays, each oldest first; the flow needs one list in capture
// order. A call crossing midnight has rows in two day partitions, and B2B legs are
// separate Call-IDs, so both are merged here the same way.
import type { MessageRow } from '../store/types.js';

/** A row tagged with its leg: 0 is the Call-ID asked for, the others follow in first-seen order. */
export interface LegRow {
  row: MessageRow;
  leg: number;
}

/** Capture order: by timestamp, then by id so equal timestamps still sort the same way every time. */
export function compareRows(a: MessageRow, b: MessageRow): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  return Buffer.compare(a.id, b.id);
}

/**
 * Merges the rows of several partitions into capture order and tags each with its leg.
 * `callIds` lists the primary Call-ID first, then every other Call-ID by its earliest
 * message, then Call-IDs that were asked for but have no rows. A row read twice (same id,
 * e.g. from overlapping reads) is kept once.
 */
export function mergeLegs(
  primaryCallId: string,
  parts: readonly (readonly MessageRow[])[],
  askedCallIds: readonly string[] = [],
): { callIds: string[]; rows: LegRow[] } {
  const seen = new Set<string>();
  const all: MessageRow[] = [];
  for (const part of parts) {
    for (const row of part) {
      const key = row.id.toString('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(row);
    }
  }
  all.sort(compareRows);
  const legOf = new Map<string, number>([[primaryCallId, 0]]);
  const rows = all.map((row) => {
    let leg = legOf.get(row.callId);
    if (leg === undefined) {
      leg = legOf.size;
      legOf.set(row.callId, leg);
    }
    return { row, leg };
  });
  for (const id of askedCallIds) if (!legOf.has(id)) legOf.set(id, legOf.size);
  return { callIds: [...legOf.keys()], rows };
}
