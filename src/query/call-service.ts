// Call groups: every (day, Call-ID) partition a call touches — the days around the
// time asked for, and every correlated B2B leg — read in parallel and assembled into a
// call flow by the pure steps in src/flow/.
import { assembleCallFlow, type CallFlow } from '../flow/index.js';
import type { Alias } from '../store/directory.js';
import { DEFAULT_CALL_CAP, type CallCap, type MessageReader, type MessageRow } from '../store/types.js';
import { dayOf } from '../store/types.js';
import { findLegsWithRows } from './legs.js';
import { messageId } from './message-id.js';

const DAY = 86_400_000_000n;

/** The rows of a call group, per leg (asked Call-ID first), oldest first. */
export interface CallRows {
  legs: { callId: string; rows: MessageRow[] }[];
  /** Call-IDs whose rows were cut at the cap (query.callMaxRows / callMaxBytes per day). */
  truncated: string[];
}

/** Reads and assembles calls. */
export class CallService {
  constructor(private reader: MessageReader, private aliases: () => Promise<Alias[]>, private cap: CallCap = DEFAULT_CALL_CAP) {}

  /** The days read for a call seen at `at`: the day before, that day and the next (calls cross midnight). */
  static days(at: bigint): string[] {
    return [dayOf(at - DAY), dayOf(at), dayOf(at + DAY)];
  }

  /** Rows of `callId` (and, with `legs`, of its B2B legs) around `at`; empty legs left out. */
  async rows(callId: string, at: bigint, legs: boolean): Promise<CallRows> {
    const days = CallService.days(at);
    const found = await findLegsWithRows(this.reader, [callId], days, legs ? 3 : 0, this.cap);
    const read = found.callIds.map((cid) => ({ callId: cid, rows: found.rows.get(cid) ?? [] }));
    return { legs: read.filter((l, i) => i === 0 || l.rows.length > 0), truncated: found.truncated };
  }

  /** The call flow, or null when the Call-ID has no message around `at`. */
  async flow(callId: string, at: bigint, legs: boolean, unique: boolean): Promise<CallFlow | null> {
    const r = await this.rows(callId, at, legs);
    if (r.legs.every((l) => l.rows.length === 0)) return null;
    const flow = assembleCallFlow(r.legs, await this.aliases(), { unique, messageId: (row) => messageId(row) });
    return r.truncated.length ? { ...flow, truncated: { callIds: r.truncated, maxRows: this.cap.maxRows, maxBytes: this.cap.maxBytes } } : flow;
  }
}
