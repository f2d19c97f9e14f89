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

/** An index lookup: rows whose `field` (a column with an index) equals one of `values`. */
export type Lookup =
  | { field: 'callId' | 'ruriUser' | 'fromUser' | 'toUser' | 'pidUser' | 'contactUser' | 'authUser' | 'srcIp' | 'dstIp'; values: string[] }
  | { field: 'extra'; header: string; values: string[] };

/** A search as the store runs it: a time range walked newest first, candidate rows from index lookups (or every row), then `match`. */
export interface RowSearch {
  fromMicros: bigint;
  toMicros: bigint;
  /** Union of these lookups; null = every row in the range (a scan, bounded by maxScanned). */
  lookups: Lookup[] | null;
  match: (row: MessageRow) => boolean;
  limit: number;
  /** Skip rows at or after this point (newest-first paging): rows with ts > before.ts, or ts == before.ts and id in before.ids. */
  before?: { ts: bigint; ids: string[] };
  /** Stop after reading this many candidate rows (the answer then says so). */
  maxScanned?: number;
}

/** A page of rows, newest first, and whether the range was read to its end. */
export interface RowPage {
  rows: MessageRow[];
  complete: boolean;
  scanned: number;
}

/** Index lookups the store can answer directly: fields with a storage-attached index. */
export const INDEXED_FIELDS = ['callId', 'ruriUser', 'fromUser', 'toUser', 'pidUser', 'contactUser', 'authUser', 'srcIp', 'dstIp'] as const;

/** The read side of the store, used by query nodes. */
export interface MessageReader {
  /** Rows of a time range, newest first, as RowSearch describes (payload not loaded). */
  search(s: RowSearch): Promise<RowPage>;
  /** One message with its payload, or null. */
  getMessage(day: string, callId: string, ts: bigint, id: Buffer): Promise<MessageRow | null>;
  /** Every message of one call on one UTC day (YYYY-MM-DD), oldest first. */
  getCall(day: string, callId: string): Promise<MessageRow[]>;
  /** Call-IDs sharing a correlation value on a day. */
  correlated(day: string, value: string): Promise<string[]>;
}

/** UTC day (YYYY-MM-DD) of a microsecond timestamp. */
export function dayOf(tsMicros: bigint): string {
  return new Date(Number(tsMicros / 1000n)).toISOString().slice(0, 10);
}
