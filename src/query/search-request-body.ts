// The body of POST /search as JSON, with no imports: the web UI type-checks against this
// same definition (through query/api/wire-types.ts), so the two sides cannot drift.

/** The body of POST /search (and `search` of POST /export). */
export interface SearchRequest {
  from?: string;
  to?: string;
  fields?: Record<string, string>;
  extra?: Record<string, string>;
  op?: 'and' | 'or';
  locations?: string[];
  limit?: number;
  unique?: boolean;
  withLegs?: boolean;
  cursor?: string;
  /** Less work than the node's own search budget (query.search*), e.g. short slices for progressive results. */
  budget?: { deadlineMs?: number; maxReads?: number; maxRows?: number };
}
