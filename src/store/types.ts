// The message store's contracts: capture code knows only MessageWriter, query code only
// MessageReader. The other contracts sit beside this file (users.ts, directory.ts,
// health.ts; stores.ts is the whole set). The Cassandra implementation (store/cassandra/) is
// the product; the in-memory one (store/memory/) serves unit tests of the layers above.
import type { DetailFields } from './message-fields.js';

/** One stored SIP (or other HEP) message, as capture writes it and queries read it. */
export interface MessageRow extends DetailFields {
  /** UTC capture time, microseconds since the epoch. */
  ts: bigint;
  /** Deterministic 16-byte identity: the same packet always gets the same id. */
  id: Buffer;
  /** Hash of payload + endpoints: equal for copies of one message seen at several points. */
  dedupe: Buffer;
  payload: Buffer;
}

/** The store refused these rows for a reason retrying cannot fix (bad value, schema); other write errors are transient. */
export class RowsRejected extends Error {
  override name = 'RowsRejected';
}

/** The write side of the store, used by capture nodes. */
export interface MessageWriter {
  /** Stores rows durably; resolves once every row is acknowledged. Rejects with RowsRejected when retrying cannot help, with any other error when it may. */
  write(rows: MessageRow[]): Promise<void>;
}

/** A field a lookup can name (INDEXED_FIELDS). */
export type IndexedField = (typeof INDEXED_FIELDS)[number];

/**
 * An index lookup: rows whose `field` equals one of `values` (or, with `match`, starts or
 * ends with one). Values of the fields in CASE_FOLDED_FIELDS are compared lower-cased. A
 * store that cannot serve a lookup (a start too short for its index) reads the range instead.
 */
export type Lookup =
  | { field: IndexedField; values: string[]; match?: 'prefix' | 'suffix' }
  | { field: 'extra'; header: string; values: string[]; match?: undefined };

/** Why a search stopped before the end of its range: more rows than the page holds, a budget spent, the deadline, or the caller gone. */
export type SearchStop = 'limit' | 'reads' | 'rows' | 'deadline' | 'cancelled';

/** The most work one search request may do before it answers with what it has. */
export interface SearchBudget {
  /** Store reads (one per CQL request, each page counted). */
  maxReads: number;
  /** Candidate rows read, matching or not. */
  maxRows: number;
  /** Wall-clock time (Date.now(), ms) after which no new read starts. */
  deadline: number;
}

/** A part of the range that was not searched because its read failed. */
export interface MissingRange {
  fromMicros: bigint;
  toMicros: bigint;
  reason: string;
}

/** A search as the store runs it: a time range walked newest first, candidate rows from index lookups (or every row), then `match`. */
export interface RowSearch {
  fromMicros: bigint;
  toMicros: bigint;
  /**
   * Alternative plans, best first: each a union of lookups whose rows include every row
   * `match` accepts. The store uses the first it can serve; with none it reads every row
   * of the range (a scan). Either way it returns only rows that satisfy every plan (so
   * stores agree whatever they can serve), then `match`.
   */
  plans: Lookup[][];
  match: (row: MessageRow) => boolean;
  limit: number;
  /** Skip rows at or after this point (newest-first paging): rows with ts > before.ts, or ts == before.ts and id in before.ids. */
  before?: { ts: bigint; ids: string[] };
  /** Limits of this request's work; the store stops at the first one reached. */
  budget: SearchBudget;
  /** Aborted when the caller goes away: no new read starts after it. */
  signal?: AbortSignal;
  /** Called once per store read, for metrics. */
  onRead?: () => void;
}

/**
 * A page of rows, newest first, and how much of the range it covers: every row of
 * [searchedFrom, toMicros] that matches is on this page or behind `next`, except in
 * `missing`. `stop` says why the search ended before fromMicros (null: it did not).
 */
export interface RowPage {
  rows: MessageRow[];
  /** The whole range was searched, nothing is missing and no page follows. */
  complete: boolean;
  stop: SearchStop | null;
  /** Oldest time down to which the range was searched (fromMicros when all of it was). */
  searchedFrom: bigint;
  /** Parts of [searchedFrom, toMicros] whose reads failed. */
  missing: MissingRange[];
  /** Where the next page starts (as RowSearch.before), or null when the range is done. */
  next: { ts: bigint; ids: string[] } | null;
  scanned: number;
  reads: number;
}

/** A budget with no practical limit, for callers that must read a whole (already bounded) range. */
export function wholeRangeBudget(deadlineMs = 60_000): SearchBudget {
  return { maxReads: Number.MAX_SAFE_INTEGER, maxRows: Number.MAX_SAFE_INTEGER, deadline: Date.now() + deadlineMs };
}

/** Fields a lookup can name: the store answers them from an index (Call-ID by its partition). */
export const INDEXED_FIELDS = [
  'callId', 'ruriUser', 'fromUser', 'toUser', 'pidUser', 'contactUser', 'authUser', 'srcIp', 'dstIp', 'transport',
  'method', 'cseqMethod', 'status', 'userAgent', 'contentType', 'fromTag', 'toTag', 'viaBranch',
] as const;

/** Lookup fields compared lower-cased (the search compares them so: query/pattern.ts). */
export const CASE_FOLDED_FIELDS: ReadonlySet<string> = new Set(['method', 'cseqMethod', 'transport', 'contentType', 'userAgent']);

/** The most of one call (one day's Call-ID partition) a read may bring back. */
export interface CallCap {
  maxRows: number;
  /** Payload bytes and about 200 bytes of fields per row. */
  maxBytes: number;
}

/** Rows of one call partition, oldest first, and whether the cap cut the read short. */
export interface CallRead {
  rows: MessageRow[];
  truncated: boolean;
}

/** The cap getCall() reads with: generous for any real call, finite for a flood under one Call-ID. */
export const DEFAULT_CALL_CAP: CallCap = { maxRows: 5_000, maxBytes: 32 * 1024 * 1024 };

/** Bytes a row counts for against CallCap.maxBytes. */
export function callBytes(row: MessageRow): number {
  return row.payload.length + 200;
}

/** The read side of the store, used by query nodes. */
export interface MessageReader {
  /** Rows of a time range, newest first, as RowSearch describes (payload not loaded). */
  search(s: RowSearch): Promise<RowPage>;
  /** One message with its payload, or null. */
  getMessage(day: string, callId: string, ts: bigint, id: Buffer): Promise<MessageRow | null>;
  /** The messages of one call on one UTC day (YYYY-MM-DD), oldest first, at most DEFAULT_CALL_CAP of them. */
  getCall(day: string, callId: string): Promise<MessageRow[]>;
  /** As getCall, within `cap`, saying whether it stopped there. */
  readCall(day: string, callId: string, cap: CallCap): Promise<CallRead>;
  /** Call-IDs sharing a correlation value on a day. */
  correlated(day: string, value: string): Promise<string[]>;
}

/** UTC day (YYYY-MM-DD) of a microsecond timestamp. */
export function dayOf(tsMicros: bigint): string {
  return new Date(Number(tsMicros / 1000n)).toISOString().slice(0, 10);
}
