// The shape of a parsed SIP message and the reasons a payload is rejected.
// Every string field is '' when the header or part is absent, so a stored row never
// holds undefined text; numbers that may be absent are `number | undefined`.

/** Why a payload was not accepted as SIP; the caller counts these per reason. */
export type SipRejectReason =
  | 'not-sip' // empty, or the first line does not mention SIP/2.0 (HTTP, RTP, garbage)
  | 'bad-start-line' // mentions SIP/2.0 but is not a valid request or status line
  | 'bad-header' // a header line without a colon, a bad name, or longer than maxLineBytes
  | 'too-many-headers' // more header fields than maxHeaders
  | 'no-call-id' // no Call-ID header, or an empty one
  | 'too-large' // the payload is longer than maxBytes
  | 'truncated-body'; // Content-Length exceeds the data and opts.rejectTruncated is set

/** Options for parseSip; built once from config and passed on every call. */
export interface SipParseOptions {
  /** Headers linking B2B legs (e.g. X-CID); value stored under the name as given here. */
  correlationHeaders: readonly string[];
  /** Further headers to keep for search; stored under the lower-case name. */
  extraHeaders: readonly string[];
  /** Largest accepted payload in bytes (default 65536). */
  maxBytes?: number;
  /** Largest number of header fields (default 256). */
  maxHeaders?: number;
  /** Longest header field in bytes, folded lines counted together (default 16384). */
  maxLineBytes?: number;
  /** Reject with 'truncated-body' instead of setting `truncated` (default false). */
  rejectTruncated?: boolean;
}

/** Fields extracted from one SIP request or response. */
export interface SipMessage {
  isRequest: boolean;
  /** Request method; '' for a response (see cseqMethod). */
  method: string;
  requestUri: string;
  /** Request-URI user without user parameters or password ('+4915123' of '+4915123;npdi'). */
  ruriUser: string;
  /** Request-URI host; IPv6 without brackets. */
  ruriHost: string;
  ruriPort: string;
  /** Status code of a response; 0 for a request. */
  statusCode: number;
  reasonPhrase: string;
  callId: string;
  fromUri: string;
  fromUser: string;
  fromHost: string;
  fromTag: string;
  /** Display name, unquoted and unescaped. */
  fromDisplay: string;
  toUri: string;
  toUser: string;
  toHost: string;
  toTag: string;
  toDisplay: string;
  /** User of P-Asserted-Identity, else of P-Preferred-Identity. */
  pidUser: string;
  /** URI of the first Contact; '*' for a wildcard Contact. */
  contactUri: string;
  contactUser: string;
  /** Contact host (an IP in practice); IPv6 without brackets. */
  contactIp: string;
  contactPort: string;
  /** username= of Authorization, else of Proxy-Authorization. */
  authUser: string;
  /** The whole first Via value (first element of the first Via header). */
  via: string;
  viaBranch: string;
  /** Transport of the first Via, upper-case: UDP, TCP, TLS, WS, WSS, SCTP. */
  viaTransport: string;
  /** sent-by of the first Via as written: host[:port], IPv6 in brackets. */
  viaSentBy: string;
  cseqNum: number | undefined;
  cseqMethod: string;
  /** User-Agent, or Server when there is no User-Agent (responses). */
  userAgent: string;
  server: string;
  /** First Diversion value, raw. */
  diversion: string;
  diversionUser: string;
  reason: string;
  contentType: string;
  /** Declared Content-Length; undefined when absent or not a number. */
  contentLength: number | undefined;
  maxForwards: number | undefined;
  /** RFC 7989 Session-ID local uuid, lower-case. */
  sessionId: string;
  /** RFC 7989 Session-ID remote= uuid, lower-case. */
  sessionRemote: string;
  /** icid-value of P-Charging-Vector, unquoted. */
  icid: string;
  /** Configured correlation header name (as configured) -> first value. */
  correlation: Record<string, string>;
  /** Configured extra header lower-case name -> values joined with ', '. */
  extra: Record<string, string>;
  /** Body bytes (a view into the input buffer, not a copy). */
  body: Buffer;
  /** Content-Length promised more bytes than arrived, or the header end was missing. */
  truncated: boolean;
  /** Number of header fields (folded lines count once). */
  headerCount: number;
}
