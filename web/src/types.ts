// The API's JSON shapes as the UI reads them (src/query/api/schemas.ts is the contract;
// src/flow/types.ts for the call flow). Microseconds travel as decimal strings.

/** A user role. */
export type Role = 'admin' | 'viewer';

/** The logged-in user. */
export interface SessionInfo {
  username: string;
  role: Role;
}

/** One search result row (MessageSummary). */
export interface MessageSummary {
  id: string;
  ts: string;
  callId: string;
  location: string;
  node: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  transport: string;
  protoType?: number;
  method: string | null;
  status: number | null;
  reasonPhrase: string | null;
  ruriUser: string | null;
  fromUser: string | null;
  toUser: string | null;
  fromTag?: string | null;
  toTag?: string | null;
  cseqNum?: number | null;
  cseqMethod?: string | null;
  userAgent?: string | null;
  contentType?: string | null;
}

/** One message with every parsed field and the raw text (MessageDetail). */
export interface MessageDetail extends MessageSummary {
  [field: string]: unknown;
  captureId: number | null;
  corr: string[];
  extra: Record<string, string>;
  dedupe: string;
  payload: string;
}

/** A page of search results, newest first. */
export interface SearchResponse {
  messages: MessageSummary[];
  cursor: string | null;
}

// The call-flow shapes are the server's own (src/flow/types.ts has no runtime code and no
// imports): one definition for both sides.
export type { CallFlow, FlowHost, FlowMessage, SeenAt } from '../../src/flow/types.js';

/** A user as the admin API shows it. */
export interface User {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** A host alias: port null matches every port of ip. */
export interface Alias {
  ip: string;
  port: number | null;
  name: string;
}

// The search body is the server's own definition (no imports, so the browser build can take it).
export type { SearchRequest } from '../../src/query/search-request-body.js';

/** Export formats of the API. */
export type ExportFormat = 'pcap' | 'text' | 'json';

// The status answer (storage banner) is the server's own definition (no imports, like the search body).
export type { SystemStatus } from '../../src/query/status-body.js';
