// Search over the time-bucketed table (cql/001-messages.cql): buckets are walked newest
// first, several at a time; inside a bucket each of the 8 shards is read, through a
// storage-attached index when the search names an indexed value, or whole otherwise;
// candidates are filtered by the query tier's predicate. Call-ID lookups read the
// (day, Call-ID) partitions directly instead. The walk stops as soon as a finished bucket
// brings the result to its limit, so "newest 200 in the last day" reads a few buckets.
// Every read is counted against the request's budget (search-control.ts); what a stopped
// or failed walk covers is worked out per statement (search-coverage.ts).
import cassandra from 'cassandra-driver';
import type { Lookup, MessageRow, RowPage, RowSearch } from '../types.js';
import { BUCKET_MINUTES, SHARDS } from './buckets.js';
import { rowFromCql, SHARED_COLUMNS } from './columns.js';
import { pageStateOf } from './result-set.js';
import { runBounded } from '../../util/run-bounded.js';
import { SearchControl } from '../search-control.js';
import { newestFirst, pageOf, Part, slicesNewestFirst, walkedFrom, type Unit } from '../search-coverage.js';

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
/** Rows kept in memory before the oldest beyond the page are dropped (a scan of a busy bucket matches millions). */
const KEEP_FACTOR = 4;

interface Bucket { day: cassandra.types.LocalDate; bucket: number; lo: bigint; hi: bigint }
interface Stmt { query: string; params: unknown[] }

/** Buckets overlapping [from, to], newest first, each clipped to the range. */
export function bucketsBetween(from: bigint, to: bigint): { dayMicros: bigint; bucket: number; lo: bigint; hi: bigint }[] {
  return slicesNewestFirst(from, to, BUCKET_MICROS).map(({ start, lo, hi }) => {
    const dayMicros = start - (start % DAY_MICROS);
    return { dayMicros, bucket: Number((start - dayMicros) / BUCKET_MICROS), lo, hi };
  });
}

const localDate = (micros: bigint) => cassandra.types.LocalDate.fromDate(new Date(Number(micros / 1000n)));

/** A short reason for a failed read, for the answer's `missing` list (never the statement). */
function reasonOf(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `${name}: ${message}`.slice(0, 200);
}

/** Runs RowSearch against messages_by_time and messages. */
export class CassandraSearch {
  constructor(private client: cassandra.Client, private consistency: number) {}

  /**
   * Reads every page of `stmt` while `ctl` allows, into `onRow`; `part` records how far
   * it got. A part's first page is read even past the budget when `first` (the newest
   * unit of the walk), so every request makes progress.
   */
  private async pages(stmt: Stmt, part: Part<Stmt>, ctl: SearchControl, first: boolean, onRow: (r: MessageRow) => void, onPage: () => void): Promise<void> {
    let pageState: string | undefined;
    do {
      if (!ctl.mayRead(first && part.pages === 0)) return;
      ctl.read();
      let rs: cassandra.types.ResultSet;
      try {
        rs = await this.client.execute(stmt.query, stmt.params, { prepare: true, consistency: this.consistency, fetchSize: 1000, pageState, readTimeout: ctl.readTimeoutMs() });
      } catch (err) {
        if (ctl.cutShort()) return; // a read cut short by the deadline or the caller leaving: not a failure of the data
        part.failed = reasonOf(err);
        return;
      }
      part.pages++;
      for (const r of rs.rows) {
        const row = rowFromCql(r);
        part.saw(row.ts);
        onRow(row);
      }
      ctl.scanned(rs.rowLength);
      pageState = pageStateOf(rs) ?? undefined;
      if (!pageState) part.done = true;
      onPage();
    } while (pageState);
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

  /**
   * Runs the units newest first, `step` at a time, until the range, the budget or the page
   * is done. After every page it checks whether the stretch the window has covered so far
   * (every part read below it) already holds `limit` matches: then the page is full and
   * the other reads of the window stop, so a common match in a dense bucket costs a few
   * pages per shard, not the whole bucket.
   */
  private async walk(units: Unit<Stmt>[], step: number, inFlight: number, ctl: SearchControl, limit: number, found: () => MessageRow[], take: (r: MessageRow) => void): Promise<void> {
    for (let i = 0; i < units.length; i += step) {
      const window = units.slice(i, i + step);
      const top = window[0];
      const onPage = () => {
        const rows = found();
        if (!top || rows.length < limit) return;
        const from = walkedFrom(window, window.at(-1)?.lo ?? top.lo, top.hi);
        let n = 0;
        for (const r of rows) if (r.ts >= from) n++;
        if (n >= limit) ctl.enough = true;
      };
      const tasks = window.flatMap((u, k) => u.parts.map((p) => () => this.pages(p.stmt, p, ctl, i === 0 && k === 0, take, onPage)));
      await runBounded(tasks, inFlight);
      if (ctl.enough) return;
      if (ctl.stopped()) return;
      // Everything newer than the next unit is known: stop once the page is full.
      if (found().length >= limit) return;
    }
  }

  /** Rows matching `s`, newest first, at most s.limit, within s.budget. */
  async search(s: RowSearch): Promise<RowPage> {
    const to = s.before && s.before.ts < s.toMicros ? s.before.ts : s.toMicros;
    const skipIds = new Set(s.before?.ids ?? []);
    const ctl = new SearchControl(s.budget, s.signal, s.onRead);
    const seen = new Set<string>();
    let found: MessageRow[] = [];
    const keep = s.limit * KEEP_FACTOR + 1000;
    const take = (row: MessageRow) => {
      if (row.ts > to || row.ts < s.fromMicros) return;
      const id = row.id.toString('hex');
      if (s.before && row.ts === s.before.ts && skipIds.has(id)) return;
      if (seen.has(id) || !s.match(row)) return;
      seen.add(id);
      found.push(row);
      // Bounded memory: rows older than the newest limit+1 can never be on this page.
      if (found.length > keep) found = newestFirst(found).slice(0, s.limit + 1);
    };

    // Call-ID lookups: one partition read per day and Call-ID, newest day first.
    const callIds = s.lookups?.filter((l) => l.field === 'callId').flatMap((l) => l.values) ?? [];
    const walks: Unit<Stmt>[][] = [];
    if (callIds.length) {
      // messages is clustered oldest first: a partly read Call-ID partition covers nothing.
      const days = slicesNewestFirst(s.fromMicros, to, DAY_MICROS).map(({ start, lo, hi }) => ({
        lo, hi, parts: callIds.map((id) => new Part<Stmt>({ query: `SELECT ${SUMMARY} FROM messages WHERE day = ? AND call_id = ? AND ts >= ? AND ts <= ?`, params: [localDate(start), id, lo, hi] }, false)),
      }));
      walks.push(days);
      await this.walk(days, 32, 16, ctl, Number.MAX_SAFE_INTEGER, () => [], take);
    }
    const rest = s.lookups === null ? null : s.lookups.filter((l) => l.field !== 'callId');
    if (rest === null || rest.length > 0) {
      const buckets = bucketsBetween(s.fromMicros, to).map((b) => ({ day: localDate(b.dayMicros), bucket: b.bucket, lo: b.lo, hi: b.hi }));
      // messages_by_time is clustered newest first: a partly read shard covers its newest rows.
      const units = buckets.map((b) => ({ lo: b.lo, hi: b.hi, parts: this.bucketStatements(b, rest).map((st) => new Part<Stmt>(st, true)) }));
      walks.push(units);
      const mode = rest === null ? 'scan' : 'lookup';
      if (!ctl.stopped()) await this.walk(units, BUCKETS_IN_FLIGHT[mode], QUERIES_IN_FLIGHT[mode], ctl, s.limit, () => found, take);
    }
    return pageOf({ fromMicros: s.fromMicros, toMicros: to, limit: s.limit, before: s.before, walks, found, ctl });
  }
}
