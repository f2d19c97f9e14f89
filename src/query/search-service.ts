// Search: request -> query -> plan (index lookups or a bucket scan) -> store -> page,
// with "unique packets" folding and paging by an opaque cursor.
import type { MessageReader, MessageRow, RowSearch } from '../store/types.js';
import { dayOf } from '../store/types.js';
import { fail, ok, type Result } from '../util/result.js';
import { findLegs } from './legs.js';
import { compileQuery } from './pattern.js';
import { toSearchQuery, type SearchRequest } from './search-request.js';
import type { SearchQuery } from './types.js';

/** A page of rows (newest first) and the cursor of the next page. */
export interface SearchResult {
  rows: MessageRow[];
  cursor: string | null;
}

/** Most candidate rows one search request may read (a scan of a busy range stops there). */
export const MAX_SCANNED = 2_000_000;

function encodeCursor(rows: MessageRow[]): string | null {
  const last = rows.at(-1);
  if (!last) return null;
  const ids = rows.filter((r) => r.ts === last.ts).map((r) => r.id.toString('hex'));
  return Buffer.from(JSON.stringify({ ts: last.ts.toString(), ids })).toString('base64url');
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

/** Runs searches against a MessageReader. */
export class SearchService {
  constructor(private reader: MessageReader) {}

  /** One page of a search; a bad request is an error naming the field. */
  async search(req: SearchRequest, nowMicros?: bigint): Promise<Result<SearchResult, 'bad-request'>> {
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
      lookups: compiled.value.indexable[0] ?? null,
      match: compiled.value.match,
      limit: q.limit,
      before,
      maxScanned: MAX_SCANNED,
    });
    const rows = q.unique ? foldCopies(page.rows) : page.rows;
    return ok({ rows, cursor: page.complete ? null : encodeCursor(page.rows) });
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
