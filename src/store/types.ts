// The storage interface: capture code knows only MessageWriter, query code only
// MessageReader. The Cassandra implementation (store/cassandra/) is the product; the
// in-memory one (store/memory/) serves unit tests of the layers above.

/** One stored SIP (or other HEP) message, as capture writes it and queries read it. */
export interface MessageRow {
  /** UTC capture time, microseconds since the epoch. */
  ts: bigint;
  /** Deterministic 16-byte identity: the same packet always gets the same id. */
  id: Buffer;
  callId: string;
  location: string;
  node: string;
  captureId: number | null;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport: string;
  protoType: number;
  method: string | null;
  status: number | null;
  reasonPhrase: string | null;
  ruri: string | null;
  ruriUser: string | null;
  ruriDomain: string | null;
  fromUser: string | null;
  fromDomain: string | null;
  fromTag: string | null;
  toUser: string | null;
  toDomain: string | null;
  toTag: string | null;
  pidUser: string | null;
  contactUser: string | null;
  contactIp: string | null;
  contactPort: number | null;
  authUser: string | null;
  via: string | null;
  viaBranch: string | null;
  cseqNum: number | null;
  cseqMethod: string | null;
  userAgent: string | null;
  diversion: string | null;
  reason: string | null;
  contentType: string | null;
  maxForwards: number | null;
  /** Correlation values linking B2B legs (X-CID, icid, Session-ID, HEP chunk, ...). */
  corr: string[];
  /** Configured extra headers, lower-case name -> value. */
  extra: Record<string, string>;
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

/** The read side of the store, used by query nodes. */
export interface MessageReader {
  /** Every message of one call on one UTC day (YYYY-MM-DD), oldest first. */
  getCall(day: string, callId: string): Promise<MessageRow[]>;
  /** Call-IDs sharing a correlation value on a day. */
  correlated(day: string, value: string): Promise<string[]>;
}

/** UTC day (YYYY-MM-DD) of a microsecond timestamp. */
export function dayOf(tsMicros: bigint): string {
  return new Date(Number(tsMicros / 1000n)).toISOString().slice(0, 10);
}
