// A page of results gathered in slices: the screen asks the server for a short slice of
// work at a time (budget.deadlineMs), shows the rows as they come with how much of the
// range is searched, and goes on with the cursor until the page is full, the range is
// done, the user stops, or its own time is up; then it says plainly what was not searched.
import type { MessageSummary, SearchRequest, SearchResponse, SearchStop } from './types';

/** Server time asked for per slice, so rows appear while a long range is searched. */
export const SLICE_MS = 1_500;
/** Time the screen keeps going on its own before it asks the user to continue. */
export const AUTO_MS = 20_000;
/** Slices the screen asks for on its own before it asks the user to continue. */
export const AUTO_SLICES = 12;

/** What has been gathered for one page so far. */
export interface Gathered {
  rows: MessageSummary[];
  /** Cursor to go on with (this page or the next); null when the range is done. */
  cursor: string | null;
  /** The page holds `limit` rows, or the range is done. */
  full: boolean;
  /** Why the last slice ended early (null: it did not). */
  stop: SearchStop | null;
  /** Oldest time searched so far (µs, decimal), null before any. */
  searchedFrom: string | null;
  /** Newest time of the page's range (µs), from the first slice. */
  searchedTo: string | null;
  missing: SearchResponse['missing'];
  slices: number;
}

/** Nothing gathered yet; `cursor` is where the page starts. */
export function startGathering(cursor: string | null): Gathered {
  return { rows: [], cursor, full: false, stop: null, searchedFrom: null, searchedTo: null, missing: [], slices: 0 };
}

/** The request of the next slice: the page's search, from the cursor, for the rows still missing. */
export function sliceRequest(base: SearchRequest, g: Gathered, limit: number): SearchRequest {
  return { ...base, limit: limit - g.rows.length, budget: { deadlineMs: SLICE_MS }, ...(g.cursor ? { cursor: g.cursor } : {}) };
}

/** Adds a slice's answer: its rows follow the earlier ones (they are older), its missing ranges join the list. */
export function addSlice(g: Gathered, res: SearchResponse, limit: number): Gathered {
  const rows = g.rows.concat(res.messages);
  return {
    rows,
    cursor: res.cursor,
    full: res.cursor === null || rows.length >= limit,
    stop: res.stop,
    searchedFrom: res.searched?.from ?? g.searchedFrom,
    searchedTo: g.searchedTo ?? res.searched?.to ?? null,
    missing: g.missing.concat(res.missing),
    slices: g.slices + 1,
  };
}

/** Share of [from, to] (µs) searched so far, 0..1. */
export function searchedShare(g: Gathered, fromMicros: bigint, toMicros: bigint): number {
  if (g.searchedFrom === null || toMicros <= fromMicros) return g.full ? 1 : 0;
  const done = Number(toMicros - BigInt(g.searchedFrom) + 1n) / Number(toMicros - fromMicros + 1n);
  return Math.min(1, Math.max(0, done));
}

/** Words for why a search answered early, for the page. */
export function stopText(stop: SearchStop | null): string {
  switch (stop) {
    case 'reads': return 'it used up its read budget';
    case 'rows': return 'it used up its row budget';
    case 'deadline': return 'its time was up';
    case 'cancelled': return 'it was stopped';
    case 'limit': return 'the page is full';
    default: return 'it finished';
  }
}
