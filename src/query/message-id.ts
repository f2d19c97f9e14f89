// Opaque message ids for the API: the full primary key of a stored message (day,
// Call-ID, capture time, row id) in base64url, so one partition read finds it.
import { dayOf, type MessageRow } from '../store/types.js';

/** Where a message lives. */
export interface MessageKey {
  day: string;
  callId: string;
  ts: bigint;
  id: Buffer;
}

/** The API id of a row. */
export function messageId(row: Pick<MessageRow, 'ts' | 'id' | 'callId'>): string {
  return Buffer.from(`${row.ts}\n${row.id.toString('hex')}\n${row.callId}`, 'utf8').toString('base64url');
}

/** The key an API id stands for, or null when it is not one of ours. */
export function parseMessageId(text: string): MessageKey | null {
  const parts = Buffer.from(text, 'base64url').toString('utf8').split('\n');
  if (parts.length < 3) return null;
  const [tsText = '', idHex = '', ...rest] = parts;
  if (!/^\d{1,17}$/.test(tsText) || !/^[0-9a-f]{32}$/.test(idHex)) return null;
  const callId = rest.join('\n');
  if (callId === '') return null;
  const ts = BigInt(tsText);
  return { day: dayOf(ts), callId, ts, id: Buffer.from(idHex, 'hex') };
}
