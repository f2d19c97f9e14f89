// What the store holds per Call-ID, to check "every packet sent is stored exactly once":
// every row of `messages` read over token ranges in parallel, page by page, at a consistency
// the caller picks. After a node outage read at ALL: a replica that missed writes cannot
// hide rows the others hold (the read merges them), which a single-replica read could; a
// page that fails while the ring settles is read again. For sipp runs, the stored messages
// of its Call-IDs as comparable keys.
import cassandra from 'cassandra-driver';
import { dayOf } from '../../src/store/types.js';
import type { SippMessage } from './sipp.js';

/** Token ranges read in parallel: few, so that a read at ALL on a small shared machine does not time out. */
const RANGES = 4;
/** How long one page may keep failing (a node just back that the others do not see up yet, a slow replica). */
const PAGE_RETRY_MS = 120_000;

// Unavailable, read timeout, read failure: the ring has not settled yet.
const TRANSIENT = new Set([0x1000, 0x1200, 0x1300]);

function transient(err: unknown): boolean {
  const e = err as { name?: string; code?: number } | null | undefined;
  return e?.name === 'NoHostAvailableError' || e?.name === 'OperationTimedOutError' || (e?.name === 'ResponseError' && TRANSIENT.has(e.code ?? 0));
}

/** Runs a statement (one page of it), again after a pause while it fails for a transient reason. */
export async function executeSettled(client: cassandra.Client, query: string, params: unknown[], options: cassandra.QueryOptions): Promise<cassandra.types.ResultSet> {
  const deadline = Date.now() + PAGE_RETRY_MS;
  for (;;) {
    try {
      return await client.execute(query, params, options);
    } catch (err) {
      if (!transient(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Rows of `messages` per Call-ID, for the Call-IDs `keep` accepts (the client is bound to the keyspace). */
export async function storedPerCallId(client: cassandra.Client, keep: (callId: string) => boolean, consistency: number = cassandra.types.consistencies.all): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // Murmur3 never gives a partition the minimum token, so "> min" misses nothing.
  const min = -(2n ** 63n);
  const width = 2n ** 64n / BigInt(RANGES);
  const query = 'SELECT call_id FROM messages WHERE token(day, call_id) > ? AND token(day, call_id) <= ?';
  await Promise.all(
    Array.from({ length: RANGES }, async (_, i) => {
      const lo = min + width * BigInt(i);
      const params = [lo, i === RANGES - 1 ? 2n ** 63n - 1n : lo + width];
      let pageState: string | undefined;
      do {
        const rs = await executeSettled(client, query, params, { prepare: true, fetchSize: 2000, consistency, pageState, readTimeout: 60_000 });
        for (const r of rs.rows) {
          const id = r.get('call_id') as string;
          if (keep(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but null after the last page
        pageState = rs.pageState ?? undefined;
      } while (pageState);
    }),
  );
  return counts;
}

/** Where stored counts differ from sent ones, one line per Call-ID (at most `most`), plus a total line; empty when equal. */
export function countDifferences(sent: Map<string, number>, stored: Map<string, number>, most = 10): string[] {
  const lines: string[] = [];
  let differing = 0;
  for (const id of new Set([...sent.keys(), ...stored.keys()])) {
    const [s, g] = [sent.get(id) ?? 0, stored.get(id) ?? 0];
    if (s === g) continue;
    if (differing++ < most) lines.push(`${id}: sent ${s}, stored ${g}`);
  }
  if (differing > most) lines.push(`... ${differing - most} more Call-IDs differ`);
  return lines;
}

/** Sum of the counts of a map. */
export function total(counts: Map<string, number>): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

/** What identifies one message sipp sent: Call-ID, CSeq, method or status, and its bytes. */
export function sippKey(m: SippMessage): string {
  return `${m.callId}|${m.cseq}|${m.kind}|${m.text}`;
}

/** The same key for every row stored under the Call-IDs (and days) of `sent`, read at ALL. */
export async function storedSippKeys(client: cassandra.Client, sent: SippMessage[]): Promise<string[]> {
  const parts = new Set(sent.map((m) => `${dayOf(m.tsMicros)}\u0000${m.callId}`));
  const keys = await Promise.all([...parts].map(async (p) => {
    const [day, callId] = p.split('\u0000') as [string, string];
    const rs = await executeSettled(client, 'SELECT call_id, cseq_num, cseq_method, method, status, payload FROM messages WHERE day = ? AND call_id = ?', [cassandra.types.LocalDate.fromString(day), callId], {
      prepare: true, consistency: cassandra.types.consistencies.all,
    });
    return rs.rows.map((r) => `${r.get('call_id')}|${r.get('cseq_num')} ${r.get('cseq_method')}|${r.get('method') ?? r.get('status')}|${(r.get('payload') as Buffer).toString('latin1')}`);
  }));
  return keys.flat().sort();
}
