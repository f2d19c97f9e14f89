// B2B leg discovery: the Call-IDs linked to a call through the correlation table,
// followed breadth-first a bounded number of steps. Every read is bounded: each call
// partition by a CallCap (a flood of messages under one Call-ID is cut, and said so), the
// correlation values followed per call, and the reads in flight.
import { DEFAULT_CALL_CAP, type CallCap, type MessageReader, type MessageRow } from '../store/types.js';
import { compareRows } from '../flow/index.js';
import { runBounded } from '../util/run-bounded.js';

/** Most Call-IDs one call group may span. */
export const MAX_LEGS = 16;
/** Most correlation values of one call that are looked up (a call may carry many). */
export const MAX_VALUES_PER_CALL = 32;
/** Store reads in flight while legs are followed. */
const READS_IN_FLIGHT = 16;

/** The legs of a call group and the rows read while finding them, per Call-ID (all days, oldest first). */
export interface Legs {
  callIds: string[];
  rows: Map<string, MessageRow[]>;
  /** Call-IDs whose rows the cap cut short. */
  truncated: string[];
}

/** `callIds` plus every Call-ID correlated with them on `days`, the asked ones first. */
export async function findLegs(reader: MessageReader, callIds: string[], days: string[], maxDepth = 3, cap: CallCap = DEFAULT_CALL_CAP): Promise<string[]> {
  return (await findLegsWithRows(reader, callIds, days, maxDepth, cap)).callIds;
}

/** As findLegs, and keeps the rows it read, so a call flow does not read them twice. */
export async function findLegsWithRows(reader: MessageReader, callIds: string[], days: string[], maxDepth = 3, cap: CallCap = DEFAULT_CALL_CAP): Promise<Legs> {
  const truncated = new Set<string>();
  const read = async (day: string, cid: string): Promise<MessageRow[]> => {
    const r = await reader.readCall(day, cid, cap);
    if (r.truncated) truncated.add(cid);
    return r.rows;
  };
  const rowsOf = new Map<string, MessageRow[]>();
  const found = new Set(callIds);
  let frontier = [...callIds];
  for (let depth = 0; depth < maxDepth && frontier.length && found.size < MAX_LEGS; depth++) {
    const next: string[] = [];
    // Every (day, Call-ID) of this step at once: two round trips per step, not per day.
    const perDay = await runBounded(
      days.flatMap((day) =>
        frontier.map((cid) => async () => {
          // Values this call carried (X-CID of the other leg, icid, ...) and the Call-ID itself.
          const rows = await read(day, cid);
          const values = new Set([cid, ...rows.flatMap((r) => r.corr).slice(0, 4 * MAX_VALUES_PER_CALL)]);
          const linked = await runBounded([...values].slice(0, MAX_VALUES_PER_CALL).map((v) => () => reader.correlated(day, v)), 4);
          // An X-CID (or HEP correlation) value is itself the other leg's Call-ID; icid and
          // Session-ID values are not. Candidates without rows fall out in the caller.
          return { cid, rows, ids: [...linked.flat(), ...[...values].filter((v) => v !== cid && !v.startsWith('icid:') && !v.startsWith('sid:'))] };
        }),
      ),
      READS_IN_FLIGHT / 4,
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
  await runBounded([...found].filter((cid) => !rowsOf.has(cid)).map((cid) => async () => {
    rowsOf.set(cid, (await Promise.all(days.map((d) => read(d, cid)))).flat());
  }), READS_IN_FLIGHT / 4);
  for (const rows of rowsOf.values()) rows.sort(compareRows);
  return { callIds: [...found], rows: rowsOf, truncated: [...truncated] };
}
