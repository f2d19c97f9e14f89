// Search over the time-bucketed search table (cql/005-search-rows.cql). A search with a
// plan the terms serve (search-terms.ts) first asks, for each day of its range, the whole
// table for the day's term of each value (one read each, up to PROBE_ROWS rows, in token
// order): when fewer come back, that day is answered completely, whatever its density.
// Days where a term is common are walked bucket by bucket, newest first, through the
// index, each of the 16 shards a statement; a search without such a plan reads the
// buckets whole. Candidates are checked against every plan (a term may be coarser than
// the lookup it serves), then filtered by the query tier's predicate. Call-ID lookups
// read the (day, Call-ID) partitions of `messages` instead. Walks stop as soon as the
// stretch covered holds a full page; a walk starts with the newest bucket alone and sizes
// its pages by the share of rows kept so far (page-size.ts), so a page of a common match
// costs a few hundred row fetches, not a thousand per shard. Every read is counted against
// the request's budget (search-control.ts); what a stopped or failed walk covers is worked
// out per statement (search-coverage.ts).
import cassandra from 'cassandra-driver';
import type { Lookup, MessageRow, RowPage, RowSearch } from '../types.js';
import { BUCKET_MINUTES, SHARDS } from './buckets.js';
import { rowFromCql, SUMMARY_COLUMNS } from './columns.js';
import { pageStateOf } from './result-set.js';
import { PageSizer } from './page-size.js';
import { decodeFields } from './search-row.js';
import { dayCode, lookupTerm } from './search-terms.js';
import { CURRENT_ERA, eraOf, readExactStatusFrom, type TermEra } from './term-era.js';
import { plansMatcher } from '../lookup-match.js';
import { runBounded } from '../../util/run-bounded.js';
import { Barrier } from '../../util/barrier.js';
import { SearchControl } from '../search-control.js';
import { newestFirst, pageOf, Part, slicesNewestFirst, walkedFrom, type Unit } from '../search-coverage.js';

const BUCKET_MICROS = BigInt(BUCKET_MINUTES) * 60_000_000n;
const DAY_MICROS = 86_400_000_000n;
/**
 * Rows a probe (a term asked of the whole table for one day) may bring back. Fewer: the
 * day is complete in one read. More: the term is common that day, and the newest buckets
 * fill a page through the index. 1,000 rows of ~600 bytes is one page of the driver.
 */
const PROBE_ROWS = 1000;
/**
 * Most buckets read at the same time (each is SHARDS queries or more). A walk starts with
 * the newest bucket alone (a common value fills the page there) and doubles the window
 * after each, up to this: index lookups usually find few rows, so several buckets go at
 * once; a scan reads every row of a bucket, so fewer, to stop soon after the limit.
 */
const BUCKETS_IN_FLIGHT = { lookup: 4, scan: 2 };
const QUERIES_IN_FLIGHT = { lookup: 64, scan: 32 };
/** Rows of each shard a sample of a bucket reads (search.ts `sample`). */
const SAMPLE_ROWS = 32;
/**
 * How much more a row costs read through the index than read plainly from its partition:
 * bench:query at 10 M messages an hour, about 300 µs against about 100 µs a row returned
 * (docs/search.md). A bucket is read plainly when the share of its rows that match, times
 * this, reaches the share of the term's rows that match.
 */
const INDEX_ROW_COST = 3;
/** Rows kept in memory before the oldest beyond the page are dropped (a scan of a busy bucket matches millions). */
const KEEP_FACTOR = 4;
const SEARCH_COLUMNS = 'ts, id, fields';

/** A statement and the table its rows come from. */
interface Stmt { query: string; params: unknown[]; table: 'messages' | 'search' }

/** Buckets overlapping [from, to], newest first, each clipped to the range. */
export function bucketsBetween(from: bigint, to: bigint): { dayMicros: bigint; bucket: number; lo: bigint; hi: bigint }[] {
  return slicesNewestFirst(from, to, BUCKET_MICROS).map(({ start, lo, hi }) => {
    const dayMicros = start - (start % DAY_MICROS);
    return { dayMicros, bucket: Number((start - dayMicros) / BUCKET_MICROS), lo, hi };
  });
}

const localDate = (micros: bigint) => cassandra.types.LocalDate.fromDate(new Date(Number(micros / 1000n)));
const dayText = (micros: bigint) => new Date(Number(micros / 1000n)).toISOString().slice(0, 10);

/** A short reason for a failed read, for the answer's `missing` list (never the statement). */
function reasonOf(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `${name}: ${message}`.slice(0, 200);
}

/** The first plan whose every lookup is served (Call-IDs by their partitions, the rest by terms), or null: scan. */
export function servedPlan(plans: Lookup[][]): Lookup[] | null {
  for (const plan of plans) {
    if (plan.length > 0 && plan.every((l) => l.field === 'callId' || l.values.every((v) => lookupTerm(l, v) !== null))) return plan;
  }
  return null;
}

/** The terms (without day) of a plan's non-Call-ID lookups, for rows written in `era`. */
function termsOfPlan(plan: Lookup[], era: TermEra): string[] {
  return [...new Set(plan.filter((l) => l.field !== 'callId').flatMap((l) => l.values.map((v) => lookupTerm(l, v, era) ?? '')))];
}

/** How long a reading of schema_migrations that found no exact status terms is trusted. */
const ERA_RECHECK_MS = 60_000;

/** Runs RowSearch against search_rows and messages. */
export class CassandraSearch {
  /** The first day of exact status terms (term-era.ts), once read; undefined before. */
  private exactFrom: string | null | undefined;
  private exactFromReadAt = 0;

  constructor(private client: cassandra.Client, private consistency: number) {}

  /**
   * The first day of exact status terms. Read once (and again at most once a minute while
   * it is null: a node may migrate after this one started); a failed read counts as null,
   * which only makes a status search read its class.
   */
  private async exactStatusFrom(): Promise<string | null> {
    if (this.exactFrom !== undefined && (this.exactFrom !== null || Date.now() - this.exactFromReadAt < ERA_RECHECK_MS)) return this.exactFrom;
    this.exactFromReadAt = Date.now();
    try {
      this.exactFrom = await readExactStatusFrom(this.client);
    } catch {
      this.exactFrom = null;
    }
    return this.exactFrom;
  }

  private decode(stmt: Stmt, r: cassandra.types.Row): MessageRow | null {
    if (stmt.table === 'messages') return rowFromCql(r);
    return decodeFields(r.get('ts') as bigint, r.get('id') as Buffer, r.get('fields') as Buffer);
  }

  /**
   * Reads every page of `stmt` while `ctl` allows, into `onRow`; `part` records how far
   * it got. A part's first page is read even past the budget when `first` (the newest
   * unit of the walk), so every request makes progress. A part already done (a day a
   * probe answered) is not read again.
   */
  private async pages(stmt: Stmt, part: Part<Stmt>, ctl: SearchControl, first: boolean, onRow: (r: MessageRow) => boolean, onPage: () => void, sizer?: PageSizer, firstPages?: Barrier): Promise<void> {
    let arrived = false;
    const arrive = () => {
      if (!arrived) firstPages?.arrive();
      arrived = true;
    };
    try {
      await this.readPages(stmt, part, ctl, first, onRow, onPage, sizer, async () => {
        // The window's other parts read their first page before this one reads a second:
        // until then the stretch it covers is unknown, and a small page may be enough.
        arrive();
        await firstPages?.wait();
      });
    } finally {
      arrive();
    }
  }

  /** The page loop of pages(); `between` runs before every page after the first. */
  private async readPages(stmt: Stmt, part: Part<Stmt>, ctl: SearchControl, first: boolean, onRow: (r: MessageRow) => boolean, onPage: () => void, sizer: PageSizer | undefined, between: () => Promise<void>): Promise<void> {
    let pageState: string | undefined;
    if (part.done) return;
    do {
      if (pageState) await between();
      if (!ctl.mayRead(first && part.pages === 0)) return;
      ctl.read();
      let rs: cassandra.types.ResultSet;
      try {
        rs = await this.client.execute(stmt.query, stmt.params, { prepare: true, consistency: this.consistency, fetchSize: sizer?.next() ?? 1000, pageState, readTimeout: ctl.readTimeoutMs() });
      } catch (err) {
        if (ctl.cutShort()) return; // a read cut short by the deadline or the caller leaving: not a failure of the data
        part.failed = reasonOf(err);
        return;
      }
      part.pages++;
      let kept = 0;
      for (const r of rs.rows) {
        const row = this.decode(stmt, r);
        if (!row) continue;
        part.saw(row.ts);
        if (onRow(row)) kept++;
      }
      sizer?.saw(rs.rowLength, kept);
      ctl.scanned(rs.rowLength);
      pageState = pageStateOf(rs) ?? undefined;
      if (!pageState) part.done = true;
      onPage();
    } while (pageState);
  }

  /** The statements of one bucket: per shard, one per term, or the whole shard (terms null). */
  private bucketStatements(day: string, bucket: number, lo: bigint, hi: bigint, terms: string[] | null): Stmt[] {
    const out: Stmt[] = [];
    const base = `SELECT ${SEARCH_COLUMNS} FROM search_rows WHERE day = ? AND bucket = ? AND shard = ?`;
    const date = cassandra.types.LocalDate.fromString(day);
    for (let shard = 0; shard < SHARDS; shard++) {
      const key = [date, bucket, shard];
      if (terms === null) out.push({ query: `${base} AND ts >= ? AND ts <= ?`, params: [...key, lo, hi], table: 'search' });
      else for (const t of terms) out.push({ query: `${base} AND terms CONTAINS ? AND ts >= ? AND ts <= ?`, params: [...key, `${dayCode(day)}:${t}`, lo, hi], table: 'search' });
    }
    return out;
  }

  /**
   * Asks the whole table for each term of one day, one read each. Returns the rows when
   * every probe came back complete (fewer than PROBE_ROWS+1 rows), else null: the day must
   * be walked. A probe that fails or is not allowed to run also gives null.
   */
  private async probe(day: string, terms: string[], ctl: SearchControl, owed: boolean, parts: Part<Stmt>[], sizer: PageSizer, fits: (r: MessageRow) => boolean): Promise<MessageRow[] | null> {
    const rows: MessageRow[] = [];
    const state = { complete: true };
    await runBounded(terms.map((t) => async () => {
      const stmt: Stmt = { query: `SELECT ${SEARCH_COLUMNS} FROM search_rows WHERE terms CONTAINS ? LIMIT ${PROBE_ROWS + 1}`, params: [`${dayCode(day)}:${t}`], table: 'search' };
      const part = new Part<Stmt>(stmt, false);
      if (!state.complete || !ctl.mayRead(owed && parts.length === 0)) {
        state.complete = false;
        return;
      }
      ctl.read();
      parts.push(part);
      try {
        const rs = await this.client.execute(stmt.query, stmt.params, { prepare: true, consistency: this.consistency, fetchSize: PROBE_ROWS + 1, readTimeout: ctl.readTimeoutMs() });
        ctl.scanned(rs.rowLength);
        if (rs.rowLength > PROBE_ROWS) state.complete = false;
        let kept = 0;
        for (const r of rs.rows) {
          const row = this.decode(stmt, r);
          if (!row) continue;
          rows.push(row);
          if (fits(row)) kept++;
        }
        // The day's rows of the term, in token order: a sample of what a walk will read.
        sizer.saw(rs.rowLength, kept);
        part.pages = 1;
        part.done = true;
      } catch {
        state.complete = false; // the day is walked instead; a failing walk reports its range
      }
    }), 8);
    return state.complete ? rows : null;
  }

  /**
   * Runs the units newest first, `step` at a time; with a `sizer`, one first, then twice as
   * many each time up to `step`. Stops when the range, the budget or the page is done.
   * After every page it checks whether the stretch the window has covered so far
   * (every part read below it) already holds `limit` matches: then the page is full and
   * the other reads of the window stop, so a common match in a dense bucket costs a few
   * pages per shard, not the whole bucket.
   */
  private async walk(units: Unit<Stmt>[], step: number, inFlight: number, ctl: SearchControl, limit: number, found: () => MessageRow[], take: (r: MessageRow) => boolean, owed = true, sizer?: PageSizer): Promise<void> {
    let size = sizer ? 1 : step;
    for (let i = 0; i < units.length; i += size, size = Math.min(step, size * 2)) {
      const window = units.slice(i, i + size);
      const top = window[0];
      const onPage = () => {
        const rows = found();
        if (!top || rows.length < limit) return;
        const from = walkedFrom(window, window.at(-1)?.lo ?? top.lo, top.hi);
        let n = 0;
        for (const r of rows) if (r.ts >= from) n++;
        if (n >= limit) ctl.enough = true;
      };
      const parts = window.reduce((n, u) => n + u.parts.length, 0);
      // Only when every part runs at once (else a waiting part would hold a slot forever).
      const firstPages = parts <= inFlight ? new Barrier(parts) : undefined;
      const tasks = window.flatMap((u, k) => u.parts.map((p) => () => this.pages(p.stmt, p, ctl, owed && i === 0 && k === 0, take, onPage, sizer, firstPages)));
      await runBounded(tasks, inFlight);
      if (ctl.enough) return;
      if (ctl.stopped()) return;
      // Everything newer than the next unit is known: stop once the page is full.
      if (found().length >= limit) return;
    }
  }

  /**
   * Reads the newest SAMPLE_ROWS rows of each shard of one bucket plainly (no index) and
   * keeps those that fit. Returns a sizer primed with the share of them that fit, or null
   * when nothing was read (an empty bucket, a failed read, no budget): the caller then
   * walks through the index. The rows kept count toward the page like any other.
   */
  private async sample(day: string, b: { bucket: number; lo: bigint; hi: bigint } | undefined, ctl: SearchControl, limit: number, take: (r: MessageRow) => boolean): Promise<PageSizer | null> {
    if (!b) return null;
    let read = 0;
    let kept = 0;
    await runBounded(this.bucketStatements(day, b.bucket, b.lo, b.hi, null).map((stmt) => async () => {
      if (!ctl.mayRead(false)) return;
      ctl.read();
      try {
        const rs = await this.client.execute(stmt.query, stmt.params, { prepare: true, consistency: this.consistency, fetchSize: SAMPLE_ROWS, readTimeout: ctl.readTimeoutMs() });
        ctl.scanned(rs.rowLength);
        for (const r of rs.rows) {
          const row = this.decode(stmt, r);
          if (!row) continue;
          read++;
          if (take(row)) kept++;
        }
      } catch {
        // A sample is an estimate: the walk reads (and reports) this bucket anyway.
      }
    }), QUERIES_IN_FLIGHT.scan);
    if (read === 0) return null;
    const sizer = new PageSizer(limit, SHARDS);
    sizer.saw(read, kept);
    return sizer;
  }

  /**
   * The walk of a term plan, day by day, newest first, into `units`: a day a probe answers
   * is one done unit; another day's buckets are walked through the index, or plainly when
   * a sample of its newest bucket says that is cheaper. It stops once the
   * page is full (everything newer than the next day is known) or the budget is spent.
   */
  private async walkTerms(from: bigint, to: bigint, termsOf: (day: string) => string[], ctl: SearchControl, limit: number, found: () => MessageRow[], take: (r: MessageRow) => boolean, units: Unit<Stmt>[], fits: (r: MessageRow) => boolean): Promise<void> {
    const sizer = new PageSizer(limit, SHARDS);
    for (const [i, d] of slicesNewestFirst(from, to, DAY_MICROS).entries()) {
      if (i > 0 && (ctl.stopped() || found().length >= limit)) return;
      const day = dayText(d.start);
      const terms = termsOf(day);
      const probes: Part<Stmt>[] = [];
      const rows = await this.probe(day, terms, ctl, i === 0, probes, sizer, fits);
      if (rows) {
        for (const r of rows) take(r);
        units.push({ lo: d.lo, hi: d.hi, parts: probes });
        continue;
      }
      const slices = bucketsBetween(d.lo, d.hi);
      // Most rows of the newest bucket match: reading the buckets plainly is cheaper than
      // through the index (which costs INDEX_ROW_COST times as much a row).
      const sample = await this.sample(day, slices[0], ctl, limit, take);
      const scan = sample !== null && sample.share() * INDEX_ROW_COST >= sizer.share();
      const buckets = slices.map((b) => ({ lo: b.lo, hi: b.hi, parts: this.bucketStatements(day, b.bucket, b.lo, b.hi, scan ? null : terms).map((st) => new Part<Stmt>(st, true)) }));
      units.push(...buckets);
      if (scan) await this.walk(buckets, BUCKETS_IN_FLIGHT.scan, QUERIES_IN_FLIGHT.scan, ctl, limit, found, take, i === 0 && probes.length === 0, sample);
      else await this.walk(buckets, BUCKETS_IN_FLIGHT.lookup, QUERIES_IN_FLIGHT.lookup, ctl, limit, found, take, i === 0 && probes.length === 0, sizer);
      if (ctl.enough) return;
    }
  }

  /** Rows matching `s`, newest first, at most s.limit, within s.budget. */
  async search(s: RowSearch): Promise<RowPage> {
    const to = s.before && s.before.ts < s.toMicros ? s.before.ts : s.toMicros;
    const skipIds = new Set(s.before?.ids ?? []);
    const ctl = new SearchControl(s.budget, s.signal, s.onRead);
    const plan = servedPlan(s.plans);
    const inPlans = plansMatcher(s.plans);
    const seen = new Set<string>();
    let found: MessageRow[] = [];
    const keep = s.limit * KEEP_FACTOR + 1000;
    const fits = (row: MessageRow) => inPlans(row) && s.match(row);
    /** Keeps a row of the range that fits; true when it fits (kept now or before). */
    const take = (row: MessageRow): boolean => {
      if (row.ts > to || row.ts < s.fromMicros) return false;
      const id = row.id.toString('hex');
      if (s.before && row.ts === s.before.ts && skipIds.has(id)) return false;
      if (!fits(row)) return false;
      if (seen.has(id)) return true;
      seen.add(id);
      found.push(row);
      // Bounded memory: rows older than the newest limit+1 can never be on this page.
      if (found.length > keep) found = newestFirst(found).slice(0, s.limit + 1);
      return true;
    };

    // Call-ID lookups: one partition read per day and Call-ID, newest day first.
    const callIds = plan?.filter((l) => l.field === 'callId').flatMap((l) => l.values) ?? [];
    const walks: Unit<Stmt>[][] = [];
    if (callIds.length) {
      // messages is clustered oldest first: a partly read Call-ID partition covers nothing.
      const days = slicesNewestFirst(s.fromMicros, to, DAY_MICROS).map(({ start, lo, hi }) => ({
        lo, hi, parts: callIds.map((id) => new Part<Stmt>({ query: `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE day = ? AND call_id = ? AND ts >= ? AND ts <= ?`, params: [localDate(start), id, lo, hi], table: 'messages' }, false)),
      }));
      walks.push(days);
      await this.walk(days, 32, 16, ctl, Number.MAX_SAFE_INTEGER, () => [], take);
    }
    const terms = plan === null ? null : termsOfPlan(plan, CURRENT_ERA);
    if (terms === null) {
      // search_rows is clustered newest first: a partly read shard covers its newest rows.
      const units = bucketsBetween(s.fromMicros, to).map((b) => ({ lo: b.lo, hi: b.hi, parts: this.bucketStatements(dayText(b.dayMicros), b.bucket, b.lo, b.hi, null).map((st) => new Part<Stmt>(st, true)) }));
      walks.push(units);
      if (!ctl.stopped()) await this.walk(units, BUCKETS_IN_FLIGHT.scan, QUERIES_IN_FLIGHT.scan, ctl, s.limit, () => found, take, true, new PageSizer(s.limit, SHARDS));
    } else if (plan !== null && terms.length > 0) {
      const units: Unit<Stmt>[] = [];
      walks.push(units);
      const exactFrom = plan.some((l) => l.field === 'status') ? await this.exactStatusFrom() : '';
      const termsOf = (day: string) => termsOfPlan(plan, eraOf(day, exactFrom));
      if (!ctl.stopped()) await this.walkTerms(s.fromMicros, to, termsOf, ctl, s.limit, () => found, take, units, fits);
      // Nothing read (stopped before the walk): the range is not covered (an empty walk would count as done).
      if (units.length === 0) units.push({ lo: s.fromMicros, hi: to, parts: [new Part<Stmt>({ query: '', params: [], table: 'search' }, false)] });
    }
    return pageOf({ fromMicros: s.fromMicros, toMicros: to, limit: s.limit, before: s.before, walks, found, ctl });
  }
}
