// The call flow as the API returns it and the UI draws it: hosts as columns, messages as
// arrows, time down the page. Everything is JSON-safe (no bigint, no Buffer) so a route can
// hand it to the client as it is; microsecond quantities travel as decimal strings because
// bigint does not survive JSON.stringify. Only type imports of files without imports, so
// the browser build takes these definitions (through query/api/wire-types.ts).
import type { SummaryFields } from '../store/message-fields.js';

/** One column of the sequence diagram. */
export interface FlowHost {
  /** `ip:port`, IPv6 written `[ip]:port`. */
  key: string;
  /** Alias name, or the key when no alias matches. */
  label: string;
  ip: string;
  port: number;
}

/** One capture of a message: where and when it was seen (ts in µs since the epoch, decimal). */
export interface SeenAt {
  location: string;
  node: string;
  ts: string;
}

/** One arrow of the sequence diagram, with the row's summary fields (store/message-fields.ts). */
export interface FlowMessage extends SummaryFields {
  /** Opaque message id for GET /messages/{id}. */
  id: string;
  /** Capture time, µs since the epoch, decimal. */
  ts: string;
  /** Index into CallFlow.callIds: 0 is the Call-ID asked for. */
  leg: number;
  /** Indexes into CallFlow.hosts. */
  srcHost: number;
  dstHost: number;
  /** Method for a request, `status reason` for a response, the HEP type name otherwise. */
  label: string;
  isRequest: boolean;
  /** Transaction index (see flow/transactions.ts); null for non-SIP rows. */
  transaction: number | null;
  /** Dialog index (Call-ID + tag pair); null for non-SIP rows. */
  dialog: number | null;
  /** For a response: index into CallFlow.messages of the request it answers, when captured. */
  answers: number | null;
  /** µs since the previous message (0 for the first), decimal. */
  deltaMicros: string;
  /** µs since the first message, decimal. */
  sinceStartMicros: string;
  /** Every capture of this message, earliest (this one) first; one entry unless duplicates were folded. */
  seenAt: SeenAt[];
  viaBranch: string | null;
  /** The payload decoded as UTF-8, invalid bytes replaced by U+FFFD. */
  text: string;
}

/** A call group ready for the sequence diagram. */
export interface CallFlow {
  /** Call-IDs of the group: the one asked for first, then the legs in first-seen order. */
  callIds: string[];
  hosts: FlowHost[];
  messages: FlowMessage[];
  /** Set when a leg had more messages than a call read may bring back: only its oldest are shown. */
  truncated?: { callIds: string[]; maxRows: number; maxBytes: number };
}
