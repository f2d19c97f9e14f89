// The query tier's vocabulary: the searchable fields (every field of the 2011 simple and
// advanced forms), a search request, and what a search returns.
import type { MessageRow } from '../store/types.js';

/** Searchable fields, by API name, with the MessageRow field each one reads. */
export const SEARCH_FIELDS = {
  ruriUser: 'ruriUser',
  toUser: 'toUser',
  fromUser: 'fromUser',
  pidUser: 'pidUser',
  contactUser: 'contactUser',
  authUser: 'authUser',
  callId: 'callId',
  fromTag: 'fromTag',
  toTag: 'toTag',
  viaBranch: 'viaBranch',
  method: 'method',
  status: 'status',
  reasonPhrase: 'reasonPhrase',
  srcIp: 'srcIp',
  srcPort: 'srcPort',
  dstIp: 'dstIp',
  dstPort: 'dstPort',
  contactIp: 'contactIp',
  contactPort: 'contactPort',
  transport: 'transport',
  ruri: 'ruri',
  via: 'via',
  diversion: 'diversion',
  cseq: 'cseqNum',
  cseqMethod: 'cseqMethod',
  reason: 'reason',
  contentType: 'contentType',
  userAgent: 'userAgent',
  location: 'location',
  node: 'node',
} as const satisfies Record<string, keyof MessageRow>;

/** API name of a searchable field. */
export type SearchField = keyof typeof SEARCH_FIELDS;

/**
 * One search. Field values use HOMER's syntax: `*` or `%` wildcard (`0211*`), a leading
 * `!` negates, `;` separates alternatives (OR within the field). `originatorIp` matches
 * srcIp or contactIp; `extra` matches configured extra headers by lower-case name.
 */
export interface SearchQuery {
  /** Range, UTC microseconds since the epoch, inclusive. */
  fromMicros: bigint;
  toMicros: bigint;
  fields: Partial<Record<SearchField | 'originatorIp', string>>;
  extra: Record<string, string>;
  /** How fields combine. */
  op: 'and' | 'or';
  /** Capture locations to include (empty: all). */
  locations: string[];
  limit: number;
  /** Fold copies of one message captured at several points. */
  unique: boolean;
  /** Include the B2B legs of Call-ID matches. */
  withLegs: boolean;
  /** Opaque continuation from a previous page. */
  cursor?: string;
}

/** One page of search results, newest first. */
export interface SearchPage {
  rows: MessageRow[];
  /** Set when more results may follow. */
  cursor: string | null;
  /** Buckets scanned, for the curious and the bench. */
  scanned: number;
}
