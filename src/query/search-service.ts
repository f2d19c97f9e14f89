// Search: request -> query -> plan (index lookups or a bucket scan) -> store -> page,
// with "unique packets" folding and paging by an opaque cursor.
import type { MessageReader, MessageRow, MissingRange, RowSearch, SearchBudget, SearchStop } from '../store/types.js';
import { dayOf } from '../store/types.js';
import { fail, ok, type Result } from '../util/result.js';
import { findLegs } from './legs.js';
import { compileQuery } from './pattern.js';
import { toSearchQuery, type SearchRequest } from './search-request.js';
import type { SearchQuery } from './types.js';
import type { SearchMetrics } from './search-metrics.js';

/** A page of rows (newest first), how much of the range it covers, and the cursor of the next page. */
export interface SearchResult {
  rows: MessageRow[];
  /** Send back as `cursor` for the next page; null when the range is done. */
  cursor: string | null;
  /** The whole range was searched, nothing failed, and no page follows. */
  complete: boolean;
  /** Why the search ended before its range's end (null: it did not). */
  stop: SearchStop | null;
  /** The stretch searched: [searchedFrom, searchedTo] (µs), apart from `missing`; null when nothing was. */
  searched: { fromMicros: bigint; toMicros: bigint } | null;
  missing: MissingRange[];
  reads: number;
  scanned: number;
  elapsedMs: number;
}

/** The most work one search request may do: the node's limits (config `query.search*`). */
export interface SearchLimits {
  deadlineMs: number;
  maxReads: number;
  maxRows: number;
}

/** Limits used where no configuration is given (tests, tools): the config defaults. */
export const DEFAULT_SEARCH_LIMITS: SearchLimits = { deadlineMs: 10_000, maxReads: 20_000, maxRows: 1_000_000 };

/** What a caller may pass beside the request: the client's going away, and a hook per store read. */
export interface SearchOptions {
  signal?: AbortSignal;
  onRead?: () => void;
}

/** Most row ids a cursor carries (rows sharing the last row's capture time). */
const MAX_CURSOR_IDS = 64;

function encodeCursor(next: { ts: bigint; ids: string[] }): string {
  return Buffer.from(JSON.stringify({ ts: next.ts.toString(), ids: next.ids.slice(-MAX_CURSOR_IDS) })).toString('base64url');
}

function decodeCursor(text: string): RowSearch['before'] | null {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { ts?: unknown; ids?: unknown };
    if (typeof c.ts !== 'string' || !/^\d{1,17}$/.test(c.ts) || !Array.isArray(c.ids) || c.ids.some((i) => typeof i !== 'string' || !/^[0-9a-f]{32}$/.test(i))) return null;
    return { ts: BigInt(c.ts), ids: c.ids as string[] };
  } catch {
    return null;
  }
}

function daysOf(q: SearchQuery): string[] {
  const days: string[] = [];
  for (let t = q.fromMicros; ; t += 86_400_000_000n) {
    const d = dayOf(t < q.toMicros ? t : q.toMicros);
    if (!days.includes(d)) days.push(d);
    if (t >= q.toMicros) break;
  }
  return days;
}

/** The request's budget within the node's limits; an error names the bad key. */
function budgetOf(req: SearchRequest, limits: SearchLimits, startMs: number): Result<SearchBudget, 'bad-request'> {
  const asked = req.budget ?? {};
  const pick = (key: keyof SearchLimits): number | string => {
    const v = asked[key];
    if (v === undefined) return limits[key];
    if (!Number.isInteger(v) || v < 1) return `budget.${key}: must be a positive integer`;
    return Math.min(v, limits[key]);
  };
  const deadlineMs = pick('deadlineMs');
  const maxReads = pick('maxReads');
  const maxRows = pick('maxRows');
  for (const v of [deadlineMs, maxReads, maxRows]) if (typeof v === 'string') return fail('bad-request', v);
  return ok({ deadline: startMs + Number(deadlineMs), maxReads: Number(maxReads), maxRows: Number(maxRows) });
}

/** Runs searches against a MessageReader, each within a budget. */
export class SearchService {
  constructor(private reader: MessageReader, private limits: SearchLimits = DEFAULT_SEARCH_LIMITS, private metrics?: SearchMetrics) {}

  /** One page of a search; a bad request is an error naming the field. */
  async search(req: SearchRequest, nowMicros?: bigint, opts: SearchOptions = {}): Promise<Result<SearchResult, 'bad-request'>> {
    const startMs = Date.now();
    const budget = budgetOf(req, this.limits, startMs);
    if (!budget.ok) return budget;
    const parsed = toSearchQuery(req, nowMicros);
    if (!parsed.ok) return parsed;
    let q = parsed.value;
    let before: RowSearch['before'];
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!c) return fail('bad-request', 'cursor: not a cursor from a previous page of this search');
      before = c;
    }
    let compiled = compileQuery(q);
    if (!compiled.ok) return fail('bad-request', compiled.detail);
    // Call-ID with its B2B legs: the exact Call-IDs asked for, widened to their legs.
    const exactCallIds = q.fields.callId ? compiled.value.indexable.find((p) => p.length === 1 && p[0]?.field === 'callId')?.[0]?.values : undefined;
    if (q.withLegs && exactCallIds?.length) {
      const legs = await findLegs(this.reader, exactCallIds, daysOf(q));
      q = { ...q, fields: { ...q.fields, callId: legs.join(';') } };
      compiled = compileQuery(q);
      if (!compiled.ok) return fail('bad-request', compiled.detail);
    }
    const page = await this.reader.search({
      fromMicros: q.fromMicros,
      toMicros: q.toMicros,
      plans: compiled.value.indexable,
      match: compiled.value.match,
      limit: q.limit,
      before,
      budget: budget.value,
      signal: opts.signal,
      onRead: () => {
        this.metrics?.read();
        opts.onRead?.();
      },
    });
    this.metrics?.answered(page);
    const rows = q.unique ? foldCopies(page.rows) : page.rows;
    const top = before && before.ts < q.toMicros ? before.ts : q.toMicros;
    return ok({
      rows,
      cursor: page.next ? encodeCursor(page.next) : null,
      complete: page.complete,
      stop: page.stop,
      searched: page.searchedFrom <= top ? { fromMicros: page.searchedFrom, toMicros: top } : null,
      missing: page.missing,
      reads: page.reads,
      scanned: page.scanned,
      elapsedMs: Date.now() - startMs,
    });
  }
}

/** Keeps the first (newest) of the rows that share a de-duplication key. */
export function foldCopies(rows: MessageRow[]): MessageRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.dedupe.toString('hex');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
