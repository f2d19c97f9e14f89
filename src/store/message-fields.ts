// The fields of a message named once for every layer that carries them: the captured packet
// (capture/row.ts: its endpoints), the stored row (store/types.ts), the call-flow arrow
// (flow/types.ts) and the API's summary and detail (query/api/wire-types.ts, which the web
// UI reads). Only the fields whose type is the same everywhere; the capture time and the
// byte fields differ (bigint and Buffer in a row, decimal and text on the wire). No imports
// and no runtime code, so the browser build can take it too.

/** Source and destination of a packet and the transport it used. */
export interface Endpoints {
  /** Address text in the one stored form (util/ip-text.ts: RFC 5952, IPv4-mapped as ::ffff:a.b.c.d). */
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  /** udp, tcp, tls, sctp, ws... */
  transport: string;
}

/** What a search result shows of a message: where it was captured and its main SIP fields. */
export interface SummaryFields extends Endpoints {
  callId: string;
  /** Capture location and node (HEP node name, or the capture node's own). */
  location: string;
  node: string;
  /** HEP payload type: 1 for SIP. */
  protoType: number;
  method: string | null;
  status: number | null;
  reasonPhrase: string | null;
  ruriUser: string | null;
  fromUser: string | null;
  toUser: string | null;
  fromTag: string | null;
  toTag: string | null;
  cseqNum: number | null;
  cseqMethod: string | null;
  userAgent: string | null;
  contentType: string | null;
}

/** Every parsed field of a message. */
export interface DetailFields extends SummaryFields {
  captureId: number | null;
  ruri: string | null;
  ruriDomain: string | null;
  fromDomain: string | null;
  toDomain: string | null;
  pidUser: string | null;
  contactUser: string | null;
  contactIp: string | null;
  contactPort: number | null;
  authUser: string | null;
  via: string | null;
  viaBranch: string | null;
  diversion: string | null;
  reason: string | null;
  maxForwards: number | null;
  /** Correlation values linking B2B legs (X-CID, icid, Session-ID, HEP chunk, ...). */
  corr: string[];
  /** Configured extra headers, lower-case name -> value. */
  extra: Record<string, string>;
}
