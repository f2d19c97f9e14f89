// Column names of the message tables and how a MessageRow maps onto them. The CQL
// statements in statements.ts are built from these lists, once, at load time.
import cassandra from 'cassandra-driver';
import type { MessageRow } from '../types.js';

/** An absent value is left unset, not bound as null: a null would write a tombstone cell. */
const UNSET = cassandra.types.unset;

/** Row fields stored in both message tables, in CQL column order, with their column names. */
export const SHARED_COLUMNS: readonly (readonly [keyof MessageRow, string])[] = [
  ['ts', 'ts'], ['id', 'id'], ['location', 'location'], ['node', 'node'], ['captureId', 'capture_id'],
  ['srcIp', 'src_ip'], ['srcPort', 'src_port'], ['dstIp', 'dst_ip'], ['dstPort', 'dst_port'],
  ['transport', 'transport'], ['protoType', 'proto_type'], ['method', 'method'], ['status', 'status'],
  ['reasonPhrase', 'reason_phrase'], ['ruri', 'ruri'], ['ruriUser', 'ruri_user'], ['ruriDomain', 'ruri_domain'],
  ['fromUser', 'from_user'], ['fromDomain', 'from_domain'], ['fromTag', 'from_tag'], ['toUser', 'to_user'],
  ['toDomain', 'to_domain'], ['toTag', 'to_tag'], ['pidUser', 'pid_user'], ['contactUser', 'contact_user'],
  ['contactIp', 'contact_ip'], ['contactPort', 'contact_port'], ['authUser', 'auth_user'], ['via', 'via'],
  ['viaBranch', 'via_branch'], ['cseqNum', 'cseq_num'], ['cseqMethod', 'cseq_method'], ['userAgent', 'user_agent'],
  ['diversion', 'diversion'], ['reason', 'reason'], ['contentType', 'content_type'], ['maxForwards', 'max_forwards'],
  ['corr', 'corr'], ['extra', 'extra'], ['dedupe', 'dedupe'],
];

/** The columns a MessageRow without its payload is read from: call_id and the shared ones. */
export const SUMMARY_COLUMNS = ['call_id', ...SHARED_COLUMNS.map(([, c]) => c)].join(', ');

/** Values of the shared columns for one row, in SHARED_COLUMNS order, typed for the driver. */
export function sharedValues(row: MessageRow): unknown[] {
  return SHARED_COLUMNS.map(([field]) => {
    const v: unknown = row[field];
    if (v === null || v === undefined) return UNSET;
    if (field === 'ts') return row.ts; // bigint -> CQL bigint (driver: useBigIntAsLong)
    // HEP3 capture ids are u32 and CSeq numbers u32: both live in CQL bigint.
    if (field === 'cseqNum' || field === 'captureId') return BigInt(v as number);
    if (field === 'corr' && (v as string[]).length === 0) return UNSET;
    if (field === 'extra' && Object.keys(v).length === 0) return UNSET;
    return v;
  });
}

/** Builds a MessageRow from a driver row of either table (payload empty when absent). */
export function rowFromCql(r: Record<string, unknown>): MessageRow {
  const out: Record<string, unknown> = { callId: r.call_id, payload: r.payload ?? Buffer.alloc(0) };
  for (const [field, col] of SHARED_COLUMNS) out[field] = r[col] ?? null;
  out.cseqNum = r.cseq_num === null || r.cseq_num === undefined ? null : Number(r.cseq_num);
  out.captureId = r.capture_id === null || r.capture_id === undefined ? null : Number(r.capture_id);
  out.corr = r.corr ?? [];
  out.extra = r.extra ?? {};
  return out as unknown as MessageRow;
}
