// Search over the time-bucketed table (cql/001-messages.cql): buckets are walked newest
// first, several at a time; inside a bucket each of the 8 shards is read, through a
// storage-attached index when the search names an indexed value, or whole otherwise;
// candidates are filtered by the query tier's predicate. Call-ID lookups read the
// (day, Call-ID) partitions directly instead. The walk stops as soon as a finished bucket
// brings the result to its limit, so "newest 200 in the last day" reads a few buckets.
import cassandra from 'cassandra-driver';
import type { Lookup, MessageRow, RowPage, RowSearch } from '../types.js';
import { BUCKET_MINUTES, SHARDS } from './buckets.js';
import { rowFromCql, SHARED_COLUMNS } from './columns.js';
import { pageStateOf } from './result-set.js';
import { runBounded } from '../../util/run-bounded.js';

const SUMMARY = ['call_id', ...SHARED_COLUMNS.map(([, c]) => c)].join(', ');
const INDEX_COLUMN: Record<Exclude<Lookup['field'], 'extra' | 'callId'>, string> = {
  ruriUser: 'ruri_user', fromUser: 'from_user', toUser: 'to_user', pidUser: 'pid_user', contactUser: 'contact_user', authUser: 'auth_user', srcIp: 'src_ip', dstIp: 'dst_ip',
};
const BUCKET_MICROS = BigInt(BUCKET_MINUTES) * 60_000_000n;
const DAY_MICROS = 86_400_000_000n;
/**
 * Buckets read at the same time (each is SHARDS queries or more). Index lookups are cheap
 * and usually find few rows, so many buckets go at once (a day is 144 buckets); a scan
 * reads every row of a bucket, so fewer, to stop soon after the limit is reached.
 */
const BUCKETS_IN_FLIGHT = { lookup: 16, scan: 4 };
const QUERIES_IN_FLIGHT = { lookup: 64, scan: 32 };
const DEFAULT_MAX_SCANNED = 2_000_000;

interface Bucket { day: cassandra.types.LocalDate; bucket: number; lo: bigint; hi: bigint }
type Stmt = { query: string; params: unknown[] };

/** Buckets overlapping [from, to], newest first, each clipped to the range. */
export function bucketsBetween(from: bigint, to: bigint): { dayMicros: bigint; bucket: number; lo: bigint; hi: bigint }[] {
  const out: { dayMicros: bigint; bucket: number; lo: bigint; hi: bigint }[] = [];
  if (to < from) return out;
  let start = to - (to % BUCKET_MICROS);
  while (start + BUCKET_MICROS > from) {
    const dayMicros = start - (start % DAY_MICROS);
    const bucket = Number((start - dayMicros) / BUCKET_MICROS);
    const lo = start > from ? start : from;
    const hi = start + BUCKET_MICROS - 1n < to ? start + BUCKET_MICROS - 1n : to;
    out.push({ dayMicros, bucket, lo, hi });
    start -= BUCKET_MICROS;
  }
  return out;
}

const localDate = (micros: bigint) => cassandra.types.LocalDate.fromDate(new Date(Number(micros / 1000n)));

/** Runs RowSearch against messages_by_time and messages. */
export class CassandraSearch {
  constructor(private client: cassandra.Client, private consistency: number) {}

  private async pages(stmt: Stmt, budget: { left: number }, onRow: (r: MessageRow) => void): Promise<void> {
    let pageState: string | undefined;
    do {
      const rs = await this.client.execute(stmt.query, stmt.params, { prepare: true, consistency: this.consistency, fetchSize: 1000, pageState });
      for (const r of rs.rows) onRow(rowFromCql(r));
      budget.left -= rs.rowLength;
      pageState = pageStateOf(rs) ?? undefined;
    } while (pageState && budget.left > 0);
  }

  private bucketStatements(b: Bucket, lookups: Lookup[] | null): Stmt[] {
    const out: Stmt[] = [];
    const base = `SELECT ${SUMMARY} FROM messages_by_time WHERE day = ? AND bucket = ? AND shard = ?`;
    const range = 'ts >= ? AND ts <= ?';
    for (let shard = 0; shard < SHARDS; shard++) {
      const key = [b.day, b.bucket, shard];
      if (lookups === null) {
        out.push({ query: `${base} AND ${range}`, params: [...key, b.lo, b.hi] });
        continue;
      }
      for (const l of lookups) {
        if (l.field === 'callId') continue;
        for (const v of l.values) {
          if (l.field === 'extra') out.push({ query: `${base} AND extra[?] = ? AND ${range}`, params: [...key, l.header, v, b.lo, b.hi] });
          else out.push({ query: `${base} AND ${INDEX_COLUMN[l.field]} = ? AND ${range}`, params: [...key, v, b.lo, b.hi] });
        }
      }
    }
    return out;
  }

  /** Rows matching `s`, newest first, at most s.limit. */
  async search(s: RowSearch): Promise<RowPage> {
    const to = s.before && s.before.ts < s.toMicros ? s.before.ts : s.toMicros;
    const skipIds = new Set(s.before?.ids ?? []);
    const budget = { left: s.maxScanned ?? DEFAULT_MAX_SCANNED };
    const seen = new Set<string>();
    const found: MessageRow[] = [];
    let scanned = 0;
    const take = (row: MessageRow) => {
      scanned++;
      if (row.ts > to || row.ts < s.fromMicros) return;
      const id = row.id.toString('hex');
      if (s.before && row.ts === s.before.ts && skipIds.has(id)) return;
      if (seen.has(id) || !s.match(row)) return;
      seen.add(id);
      found.push(row);
    };

    // Call-ID lookups: one partition read per day and Call-ID.
    const callIds = s.lookups?.filter((l) => l.field === 'callId').flatMap((l) => l.values) ?? [];
    if (callIds.length) {
      const stmts: Stmt[] = [];
      for (let d = s.fromMicros - (s.fromMicros % DAY_MICROS); d <= to; d += DAY_MICROS) {
        for (const id of callIds) stmts.push({ query: `SELECT ${SUMMARY} FROM messages WHERE day = ? AND call_id = ? AND ts >= ? AND ts <= ?`, params: [localDate(d), id, s.fromMicros, to] });
      }
      await runBounded(stmts.map((st) => () => this.pages(st, budget, take)), 16);
    }

    let complete = budget.left > 0;
    const rest = s.lookups === null ? null : s.lookups.filter((l) => l.field !== 'callId');
    if (rest === null || rest.length > 0) {
      const buckets = bucketsBetween(s.fromMicros, to).map((b) => ({ day: localDate(b.dayMicros), bucket: b.bucket, lo: b.lo, hi: b.hi }));
      const mode = rest === null ? 'scan' : 'lookup';
      const step = BUCKETS_IN_FLIGHT[mode];
      for (let i = 0; i < buckets.length; i += step) {
        const window = buckets.slice(i, i + step);
        const stmts = window.flatMap((b) => this.bucketStatements(b, rest));
        await runBounded(stmts.map((st) => () => this.pages(st, budget, take)), QUERIES_IN_FLIGHT[mode]);
        if (budget.left <= 0) {
          complete = false;
          break;
        }
        // Everything newer than the next bucket is known: stop once the limit is reached.
        if (found.length >= s.limit) {
          complete = i + step >= buckets.length;
          break;
        }
      }
    }
    found.sort((a, b) => (a.ts === b.ts ? Buffer.compare(a.id, b.id) : a.ts > b.ts ? -1 : 1));
    if (found.length > s.limit) complete = false;
    return { rows: found.slice(0, s.limit), complete, scanned };
  }
}
