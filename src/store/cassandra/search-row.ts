// A row of the search table (cql/005-search-rows.cql) as the driver writes and reads it:
// the key, the row's fields in one `fields` blob, and its terms (search-terms.ts).
//
// `fields` is a JSON array (the first element is the format version, 1) of every field of
// the row except the key and the payload. One cell instead of the forty columns of the old
// messages_by_time: Cassandra keeps an object per cell in its memtables (issue 10 found 63 M
// of them after a soak), and the query tier reads every field of a candidate row anyway to
// filter it.
import type cassandra from 'cassandra-driver';
import { SHARED_COLUMNS } from './columns.js';
import { termsOf } from './search-terms.js';
import type { MessageRow } from '../types.js';

/** Format version, first element of the array. */
const VERSION = 1;
/** The fields in the blob, in order (the key, ts and id, is in the row's clustering). */
const FIELDS = ['callId', ...SHARED_COLUMNS.map(([f]) => f).filter((f) => f !== 'ts' && f !== 'id')] as const;

/** The `fields` blob of one row. */
export function encodeFields(row: MessageRow): Buffer {
  const out: unknown[] = [VERSION];
  for (const f of FIELDS) {
    const v = row[f];
    out.push(Buffer.isBuffer(v) ? v.toString('hex') : v);
  }
  return Buffer.from(JSON.stringify(out), 'utf8');
}

/** A MessageRow (payload empty) from a search row's key and `fields` blob; null for a blob this version cannot read. */
export function decodeFields(ts: bigint, id: Buffer, blob: Buffer): MessageRow | null {
  let a: unknown;
  try {
    a = JSON.parse(blob.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(a) || a[0] !== VERSION || a.length !== FIELDS.length + 1) return null;
  const row: Record<string, unknown> = { ts, id, payload: Buffer.alloc(0) };
  FIELDS.forEach((f, i) => {
    row[f] = a[i + 1] ?? null;
  });
  row.dedupe = typeof row.dedupe === 'string' ? Buffer.from(row.dedupe, 'hex') : Buffer.alloc(0);
  row.corr = Array.isArray(row.corr) ? row.corr : [];
  row.extra = row.extra && typeof row.extra === 'object' ? row.extra : {};
  return row as unknown as MessageRow;
}

/** The values of INSERT_SEARCH_ROW (statements.ts) for one row, in its order; `day` is `dayText` as a CQL date. */
export function searchRowValues(row: MessageRow, dayText: string, day: cassandra.types.LocalDate, bucket: number, shard: number): unknown[] {
  return [encodeFields(row), termsOf(row, dayText), day, bucket, shard, row.ts, row.id];
}
