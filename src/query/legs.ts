// B2B leg discovery: the Call-IDs linked to a call through the correlation table,
// followed breadth-first a bounded number of steps.
import type { MessageReader } from '../store/types.js';

/** Most Call-IDs one call group may span. */
export const MAX_LEGS = 16;

/** `callIds` plus every Call-ID correlated with them on `days`, the asked ones first. */
export async function findLegs(reader: MessageReader, callIds: string[], days: string[], maxDepth = 3): Promise<string[]> {
  const found = new Set(callIds);
  let frontier = [...callIds];
  for (let depth = 0; depth < maxDepth && frontier.length && found.size < MAX_LEGS; depth++) {
    const next: string[] = [];
    for (const day of days) {
      const results = await Promise.all(
        frontier.map(async (cid) => {
          // Values this call carried (X-CID of the other leg, icid, ...) and the Call-ID itself.
          const rows = await reader.getCall(day, cid);
          const values = new Set([cid, ...rows.flatMap((r) => r.corr)]);
          const linked = await Promise.all([...values].map((v) => reader.correlated(day, v)));
          // An X-CID (or HEP correlation) value is itself the other leg's Call-ID; icid and
          // Session-ID values are not. Candidates without rows fall out in the caller.
          return [...linked.flat(), ...[...values].filter((v) => v !== cid && !v.startsWith('icid:') && !v.startsWith('sid:'))];
        }),
      );
      for (const id of results.flat()) {
        if (found.size >= MAX_LEGS) break;
        if (!found.has(id)) {
          found.add(id);
          next.push(id);
        }
      }
    }
    frontier = next;
  }
  return [...found];
}
