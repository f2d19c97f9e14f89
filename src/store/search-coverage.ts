// What a stopped or partly failed search has covered. A search walks its range newest
// first in units (a time bucket, or a day of Call-ID partitions); each unit is read by
// parts (one statement each). A part that finished covers its unit; a part read partly
// covers the newest rows it saw if it reads newest first; a failed part covers nothing
// and its range is reported missing. The page then holds only rows of the contiguous
// covered stretch, so "continue" from its `next` neither skips nor repeats a row.
import type { MessageRow, MissingRange, RowPage, RowSearch, SearchStop } from './types.js';
import type { SearchControl } from './search-control.js';

/** Most missing ranges one answer lists (adjacent ones with one reason are merged first). */
const MAX_MISSING = 50;

/** One read (statement) of a unit and how far it got. */
export class Part<S = unknown> {
  pages = 0;
  done = false;
  failed: string | null = null;
  private last: bigint | null = null;
  private inOrder = true;

  /** `newestFirst`: the read returns rows newest first, so a partial read covers what it saw. */
  constructor(readonly stmt: S, private newestFirst: boolean) {}

  /** Records a row's time as it arrives. */
  saw(ts: bigint): void {
    if (this.last !== null && ts > this.last) this.inOrder = false;
    this.last = ts;
  }

  /** The oldest time from which [t, hi] of the unit is covered by this part (hi + 1: nothing). */
  bound(lo: bigint, hi: bigint): bigint {
    if (this.done || this.failed !== null) return lo;
    if (this.newestFirst && this.inOrder && this.last !== null && this.last < hi) return this.last + 1n;
    return hi + 1n;
  }

  /** Where this part's partial read reached before it failed (hi + 1: nowhere). */
  reached(lo: bigint, hi: bigint): bigint {
    if (this.newestFirst && this.inOrder && this.last !== null && this.last < hi && this.last >= lo) return this.last + 1n;
    return hi + 1n;
  }
}

/** A stretch of the range, [lo, hi] in µs, read by its parts. */
export interface Unit<S = unknown> {
  lo: bigint;
  hi: bigint;
  parts: Part<S>[];
}

/** Slices of `size` µs overlapping [from, to], newest first, each clipped to the range. */
export function slicesNewestFirst(from: bigint, to: bigint, size: bigint): { start: bigint; lo: bigint; hi: bigint }[] {
  const out: { start: bigint; lo: bigint; hi: bigint }[] = [];
  if (to < from) return out;
  let start = to - (to % size);
  while (start + size > from) {
    out.push({ start, lo: start > from ? start : from, hi: start + size - 1n < to ? start + size - 1n : to });
    start -= size;
  }
  return out;
}

/** Oldest time down to which a walk's units (newest first, contiguous) are covered; `to + 1` when none is. */
export function walkedFrom(units: Unit[], from: bigint, to: bigint): bigint {
  let covered = to + 1n;
  for (const u of units) {
    let bound = u.lo;
    for (const p of u.parts) {
      const b = p.bound(u.lo, u.hi);
      if (b > bound) bound = b;
    }
    covered = bound;
    if (bound !== u.lo) break;
  }
  return units.length === 0 ? from : covered;
}

/** Failed parts' ranges within [from, to], merged and capped. */
function missingOf(walks: Unit[][], from: bigint, to: bigint): MissingRange[] {
  const raw: MissingRange[] = [];
  for (const units of walks) {
    for (const u of units) {
      for (const p of u.parts) {
        if (p.failed === null) continue;
        const top = p.reached(u.lo, u.hi) - 1n;
        const lo = u.lo > from ? u.lo : from;
        const hi = top < to ? top : to;
        if (lo <= hi) raw.push({ fromMicros: lo, toMicros: hi, reason: p.failed });
      }
    }
  }
  raw.sort((a, b) => (a.toMicros === b.toMicros ? 0 : a.toMicros > b.toMicros ? -1 : 1));
  const out: MissingRange[] = [];
  for (const m of raw) {
    const prev = out.at(-1);
    if (prev && m.toMicros >= prev.fromMicros - 1n) {
      if (m.fromMicros < prev.fromMicros) prev.fromMicros = m.fromMicros;
      continue;
    }
    out.push({ ...m });
  }
  if (out.length > MAX_MISSING) {
    const last = out[MAX_MISSING - 1];
    const tail = out.slice(MAX_MISSING);
    if (last) last.fromMicros = tail.reduce((lo, m) => (m.fromMicros < lo ? m.fromMicros : lo), last.fromMicros);
    out.length = MAX_MISSING;
  }
  return out;
}

/** Sorts rows newest first (ties by id) in place and returns them. */
export function newestFirst(rows: MessageRow[]): MessageRow[] {
  return rows.sort((a, b) => (a.ts === b.ts ? Buffer.compare(a.id, b.id) : a.ts > b.ts ? -1 : 1));
}

/** What the stores need to build a page from their walks. */
export interface PageInput {
  fromMicros: bigint;
  /** The top of what this request searched (RowSearch.toMicros, or lower after `before`). */
  toMicros: bigint;
  limit: number;
  before: RowSearch['before'];
  walks: Unit[][];
  found: MessageRow[];
  ctl: SearchControl;
}

/** The page a walk earned: rows of its covered stretch, why it stopped, what is missing, where to go on. */
export function pageOf(inp: PageInput): RowPage {
  const { fromMicros, toMicros, limit, before, ctl } = inp;
  let searchedFrom = fromMicros;
  for (const w of inp.walks) {
    const f = walkedFrom(w, fromMicros, toMicros);
    if (f > searchedFrom) searchedFrom = f;
  }
  const rows = newestFirst(inp.found.filter((r) => r.ts >= searchedFrom));
  const more = searchedFrom > fromMicros;
  let stop: SearchStop | null = null;
  let next: RowPage['next'] = null;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (last && (rows.length > limit || (rows.length === limit && more))) {
    stop = 'limit';
    const ids = page.filter((r) => r.ts === last.ts).map((r) => r.id.toString('hex'));
    next = { ts: last.ts, ids: before && before.ts === last.ts ? [...before.ids, ...ids] : ids };
  } else if (more) {
    // Stopped by the budget, the deadline or the caller (or a page filled by Call-ID rows older than the walk reached).
    stop = ctl.stop ?? 'limit';
    next = { ts: searchedFrom - 1n, ids: before && before.ts === searchedFrom - 1n ? before.ids : [] };
  }
  const missing = missingOf(inp.walks, searchedFrom, toMicros);
  return { rows: page, complete: stop === null && missing.length === 0, stop, searchedFrom, missing, next, scanned: ctl.rows, reads: ctl.reads };
}
