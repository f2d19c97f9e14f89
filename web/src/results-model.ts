// Pure helpers of the results table: the colour each call gets, sorting by a column, and
// folding the rows of one call into one line.
import type { MessageSummary } from './types';

/** Number of distinct call colours (CSS classes call-c0 .. call-c9). */
export const CALL_COLOURS = 10;

/** Colour index per Call-ID, in order of first appearance; neighbours never share one. */
export function callColours(rows: readonly { callId: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (!out.has(r.callId)) out.set(r.callId, out.size % CALL_COLOURS);
  return out;
}

/** "INVITE" for a request, "486 Busy Here" for a response. */
export function methodOrReply(m: { method: string | null; status: number | null; reasonPhrase: string | null }): string {
  if (m.method) return m.method;
  if (m.status !== null) return m.reasonPhrase ? `${m.status} ${m.reasonPhrase}` : String(m.status);
  return '—';
}

/** Sortable columns. */
export const SORT_KEYS = ['time', 'method', 'from', 'to', 'src', 'dst', 'callId', 'location'] as const;
/** A sortable column. */
export type SortKey = (typeof SORT_KEYS)[number];

/** Parses "column:dir"; unknown text means the API's order (newest first). */
export function parseSort(s: string): { key: SortKey; dir: 'asc' | 'desc' } | null {
  const [key, dir] = s.split(':');
  if (!SORT_KEYS.includes(key as SortKey) || (dir !== 'asc' && dir !== 'desc')) return null;
  return { key: key as SortKey, dir };
}

type Namer = (ip: string, port: number) => string;

function sortValue(m: MessageSummary, key: SortKey, name: Namer): string | bigint {
  switch (key) {
    case 'time': return BigInt(m.ts);
    case 'method': return methodOrReply(m);
    case 'from': return m.fromUser ?? '';
    case 'to': return m.toUser ?? '';
    case 'src': return name(m.srcIp, m.srcPort);
    case 'dst': return name(m.dstIp, m.dstPort);
    case 'callId': return m.callId;
    case 'location': return m.location;
  }
}

/** Rows sorted by a column; ties keep time order. Stable, returns a new array. */
export function sortRows<T extends MessageSummary>(rows: readonly T[], sort: string, name: Namer): T[] {
  const s = parseSort(sort);
  if (!s) return [...rows];
  const mul = s.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((r, i) => ({ r, i, v: sortValue(r, s.key, name), t: BigInt(r.ts) }));
  keyed.sort((a, b) => {
    const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    if (c !== 0) return c * mul;
    return a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

/** One line per call: its first message, what happened, and how many messages matched. */
export interface CallLine {
  callId: string;
  first: MessageSummary;
  last: MessageSummary;
  count: number;
  /** "INVITE → 486 Busy Here", "REGISTER → 200 OK", or the first label alone. */
  outcome: string;
  /** A final response of 300 or more ended the first transaction. */
  failed: boolean;
  locations: string[];
}

/** Folds rows into one line per Call-ID, in the order the calls first appear. */
export function collapseByCall(rows: readonly MessageSummary[]): CallLine[] {
  const groups = new Map<string, MessageSummary[]>();
  for (const r of rows) {
    const g = groups.get(r.callId);
    if (g) g.push(r);
    else groups.set(r.callId, [r]);
  }
  return [...groups].map(([callId, msgs]) => {
    const byTime = [...msgs].sort((a, b) => (BigInt(a.ts) < BigInt(b.ts) ? -1 : BigInt(a.ts) > BigInt(b.ts) ? 1 : 0));
    const first = byTime[0];
    const last = byTime.at(-1);
    if (first === undefined || last === undefined) throw new Error('collapseByCall: an empty group'); // each group holds the row that made it
    const request = byTime.find((m): m is typeof m & { method: string } => m.method !== null);
    const final = request
      ? byTime.find((m) => m.status !== null && m.status >= 200 && (m.cseqMethod ?? request.method) === request.method)
      : undefined;
    const outcome = request ? (final ? `${request.method} → ${methodOrReply(final)}` : request.method) : methodOrReply(first);
    return {
      callId, first, last, count: msgs.length, outcome,
      failed: final !== undefined && final.status !== null && final.status >= 300,
      locations: [...new Set(msgs.map((m) => m.location))].sort(),
    };
  });
}
