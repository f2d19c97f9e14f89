// B2B leg discovery: the Call-IDs linked to a call through the correlation table,
// followed breadth-first a bounded number of steps.
import type { MessageReader, MessageRow } from '../store/types.js';
import { compareRows } from '../flow/index.js';

/** Most Call-IDs one call group may span. */
export const MAX_LEGS = 16;

/** The legs of a call group and the rows read while finding them, per Call-ID (all days, oldest first). */
export interface Legs {
  callIds: string[];
  rows: Map<string, MessageRow[]>;
}

/** `callIds` plus every Call-ID correlated with them on `days`, the asked ones first. */
export async function findLegs(reader: MessageReader, callIds: string[], days: string[], maxDepth = 3): Promise<string[]> {
  return (await findLegsWithRows(reader, callIds, days, maxDepth)).callIds;
}

/** As findLegs, and keeps the rows it read, so a call flow does not read them twice. */
export async function findLegsWithRows(reader: MessageReader, callIds: string[], days: string[], maxDepth = 3): Promise<Legs> {
  const rowsOf = new Map<string, MessageRow[]>();
  const found = new Set(callIds);
  let frontier = [...callIds];
  for (let depth = 0; depth < maxDepth && frontier.length && found.size < MAX_LEGS; depth++) {
    const next: string[] = [];
    // Every (day, Call-ID) of this step at once: two round trips per step, not per day.
    const perDay = await Promise.all(
      days.flatMap((day) =>
        frontier.map(async (cid) => {
          // Values this call carried (X-CID of the other leg, icid, ...) and the Call-ID itself.
          const rows = await reader.getCall(day, cid);
          const values = new Set([cid, ...rows.flatMap((r) => r.corr)]);
          const linked = await Promise.all([...values].map((v) => reader.correlated(day, v)));
          // An X-CID (or HEP correlation) value is itself the other leg's Call-ID; icid and
          // Session-ID values are not. Candidates without rows fall out in the caller.
          return { cid, rows, ids: [...linked.flat(), ...[...values].filter((v) => v !== cid && !v.startsWith('icid:') && !v.startsWith('sid:'))] };
        }),
      ),
    );
    for (const r of perDay) {
      rowsOf.set(r.cid, [...(rowsOf.get(r.cid) ?? []), ...r.rows]);
      for (const id of r.ids) {
        if (found.size >= MAX_LEGS) break;
        if (!found.has(id)) {
          found.add(id);
          next.push(id);
        }
      }
    }
    frontier = next;
  }
  // Legs found on the last step were not read yet.
  await Promise.all([...found].filter((cid) => !rowsOf.has(cid)).map(async (cid) => {
    rowsOf.set(cid, (await Promise.all(days.map((d) => reader.getCall(d, cid)))).flat());
  }));
  for (const rows of rowsOf.values()) rows.sort(compareRows);
  return { callIds: [...found], rows: rowsOf };
}
