// A JSON export of messages with every stored field, for scripts and for attaching to a
// ticket. JSON has no bigint and no bytes, so: the capture time is a decimal string of µs
// (plus `time`, the same instant as ISO 8601 UTC with µs), ids are hex, and the payload is
// text when it is valid UTF-8 (every SIP message in practice) and hex otherwise, so the
// export never loses a byte. Messages are written oldest first.
import { isUtf8 } from 'node:buffer';
import { compareRows } from '../../flow/merge-legs.js';
import type { MessageRow } from '../../store/types.js';
import { utcIso } from './utc-time.js';

/** One message as JSON: every MessageRow field, bigint and Buffer fields converted. */
export type JsonMessage = Omit<MessageRow, 'ts' | 'id' | 'dedupe' | 'payload'> & {
  /** Capture time, µs since the epoch, decimal. */
  ts: string;
  /** The same instant as ISO 8601 UTC with µs; null only for times no Date can hold. */
  time: string | null;
  /** Row id, hex. */
  id: string;
  /** De-duplication key, hex. */
  dedupe: string;
  /** The payload as text, or as hex when it is not valid UTF-8. */
  payload: string;
  payloadEncoding: 'utf8' | 'hex';
};

/** Converts one row to its JSON form (also the body of a message-detail answer). */
export function messageToJson(row: MessageRow): JsonMessage {
  const text = isUtf8(row.payload);
  return {
    ...row,
    corr: [...row.corr],
    extra: { ...row.extra },
    ts: row.ts.toString(),
    time: utcIso(row.ts),
    id: row.id.toString('hex'),
    dedupe: row.dedupe.toString('hex'),
    payload: row.payload.toString(text ? 'utf8' : 'hex'),
    payloadEncoding: text ? 'utf8' : 'hex',
  };
}

/** A JSON array of every row, oldest first, indented for reading. */
export function exportJson(rows: readonly MessageRow[]): string {
  return `${JSON.stringify([...rows].sort(compareRows).map(messageToJson), null, 2)}\n`;
}
