// The API's JSON shapes, one definition for the query tier that builds them and the web UI
// that reads them (web/src/types.ts re-exports this file). Only type imports of files with
// no imports and no Node types, so the browser build can take it; api/schemas.ts describes
// the same shapes in JSON Schema and is checked against these types. Microseconds travel
// as decimal strings (a bigint does not survive JSON), bytes as text or hex.
import type { DetailFields, SummaryFields } from '../../store/message-fields.js';
import type { Role } from '../../store/users.js';

export type { Endpoints, SummaryFields, DetailFields } from '../../store/message-fields.js';
export type { Role };
export type { Alias } from '../../store/directory.js';
export type { SearchRequest } from '../search-request-body.js';
export type { SystemStatus } from '../status-body.js';
export type { CallFlow, FlowHost, FlowMessage, SeenAt } from '../../flow/types.js';

/** One search result row (POST /search). */
export interface MessageSummary extends SummaryFields {
  /** Opaque id for GET /messages/{id}. */
  id: string;
  /** Capture time, µs since the epoch, decimal. */
  ts: string;
}

/** One message with every parsed field and the raw text (GET /messages/{id}). */
export interface MessageDetail extends MessageSummary, DetailFields {
  /** De-duplication key, hex. */
  dedupe: string;
  /** The raw message as UTF-8 text (invalid bytes as U+FFFD): show it as text, never as HTML. */
  payload: string;
}

/** Why a search answered before the end of its range. */
export type SearchStop = 'limit' | 'reads' | 'rows' | 'deadline' | 'cancelled';

/**
 * A page of search results, newest first (POST /search), and how much of the range it
 * covers: every match in `searched` is on this page or behind `cursor`, except in `missing`.
 */
export interface SearchResponse {
  messages: MessageSummary[];
  /** Set when more results may follow: send it back as `cursor` (with the same search). */
  cursor: string | null;
  /** The whole range was searched, no read failed, and no page follows. */
  complete: boolean;
  /** Why the search answered early: `limit` (the page is full), `reads`/`rows`/`deadline` (the budget was spent), `cancelled`; null when it did not. */
  stop: SearchStop | null;
  /** The stretch searched (µs, decimal, inclusive); null when nothing was. */
  searched: { from: string; to: string } | null;
  /** Parts of `searched` whose reads failed: not searched, whatever the rows say. */
  missing: { from: string; to: string; reason: string }[];
  /** Store reads and candidate rows this page cost. */
  reads: number;
  scanned: number;
  elapsedMs: number;
}

/** Who a session acts for (GET /auth/me). */
export interface SessionInfo {
  username: string;
  role: Role;
}

/** The answer of POST /auth/login: the session and its bearer token. */
export interface LoginResponse extends SessionInfo {
  token: string;
}

/** A user as the admin API shows it (GET /users): never the password hash. */
export interface ApiUser extends SessionInfo {
  disabled: boolean;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** Export formats of the API. */
export type ExportFormat = 'pcap' | 'text' | 'json';
