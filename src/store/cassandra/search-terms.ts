// The terms of the search table (cql/005-search-rows.cql). Cassandra 5.0's storage-attached
// indexes compare text by equality only (no LIKE, no range on text, and 5.0.8 ships no
// tokenizing analyzer: only NonTokenizingAnalyzer is in its jar), so every question a
// search asks of a field is written down beside the row as a short text, and one index over
// the set answers `terms CONTAINS ?` for all of them:
//
//   <day>:<code>=<value>    the whole value             nu=02115551234
//   <day>:<code><<start>    its first N characters       nu<0211   (N from PREFIXES)
//   <day>:<code>><end>      its last N characters        nu>551234 (N from SUFFIXES)
//
// <day> is the UTC day number in base 36: a term is rare within a day even when it is common
// over the retention, which is what lets a search ask the whole table for it at once (the
// probe in search.ts). A pattern longer than the longest indexed start (or end) is served
// by the longest one and filtered by the query tier; a shorter one is not served (scan).
import type { Lookup, MessageRow } from '../types.js';

/**
 * Fields the terms serve, with their two-letter codes. The four numbers of a message share
 * one code: a row has two distinct numbers in the usual case (To = R-URI, P-Asserted = From),
 * so its number terms are halved; a search for the To number also gets the rows where that
 * number is the caller, which the query tier's filter drops.
 */
const CODES = {
  ruriUser: 'nu', fromUser: 'nu', toUser: 'nu', pidUser: 'nu', contactUser: 'cu', authUser: 'au',
  srcIp: 'si', dstIp: 'di', transport: 'tr',
  method: 'me', cseqMethod: 'cm', status: 'st', userAgent: 'ua', contentType: 'ct',
  fromTag: 'ft', toTag: 'tt', viaBranch: 'vb',
} as const;
/** A field with terms. */
export type TermField = keyof typeof CODES;

/** Lengths of the starts written per field (ascending); absent: whole values only. */
const PREFIXES: Partial<Record<TermField, readonly number[]>> = {
  ruriUser: [4, 6, 8], fromUser: [4, 6, 8], toUser: [4, 6, 8], pidUser: [4, 6, 8],
  status: [1, 2], userAgent: [4, 8, 12],
};
/** Lengths of the ends written per field (ascending). */
const SUFFIXES: Partial<Record<TermField, readonly number[]>> = {
  ruriUser: [4, 6], fromUser: [4, 6], toUser: [4, 6], pidUser: [4, 6],
};
/** Address fields: their IPv4 starts end at a dot (a /16 and a /24: `10.1.`, `10.1.2.`). */
const DOTTED: ReadonlySet<TermField> = new Set(['srcIp', 'dstIp']);
/** Fields whose values the search compares lower-cased (query/pattern.ts CASE_INSENSITIVE). */
export const FOLDED: ReadonlySet<TermField> = new Set(['method', 'cseqMethod', 'transport', 'contentType', 'userAgent']);
/** Longest value written whole; a longer one is served by its longest start, if any. */
const MAX_VALUE = 96;

/** The UTC day number of a day text (YYYY-MM-DD) in base 36. */
export function dayCode(day: string): string {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000).toString(36);
}

function text(row: MessageRow, field: TermField): string | null {
  const v = row[field];
  if (v === null || v === '') return null;
  const s = String(v);
  return FOLDED.has(field) ? s.toLowerCase() : s;
}

/** Every term of one row, for the day `day` (YYYY-MM-DD), without repeats. */
export function termsOf(row: MessageRow, day: string): string[] {
  const d = `${dayCode(day)}:`;
  const out = new Set<string>();
  for (const field of Object.keys(CODES) as TermField[]) {
    const v = text(row, field);
    if (v === null) continue;
    const code = d + CODES[field];
    if (v.length <= MAX_VALUE) out.add(`${code}=${v}`);
    for (const n of PREFIXES[field] ?? []) if (v.length >= n) out.add(`${code}<${v.slice(0, n)}`);
    for (const n of SUFFIXES[field] ?? []) if (v.length >= n) out.add(`${code}>${v.slice(-n)}`);
    if (DOTTED.has(field) && !v.includes(':')) {
      const parts = v.split('.');
      if (parts.length === 4) {
        out.add(`${code}<${parts.slice(0, 2).join('.')}.`);
        out.add(`${code}<${parts.slice(0, 3).join('.')}.`);
      }
    }
  }
  for (const [header, value] of Object.entries(row.extra)) {
    if (value.length <= MAX_VALUE) out.add(`${d}x${header}=${value}`);
  }
  return [...out];
}

/** The longest written length <= n, or null. */
function longest(lengths: readonly number[] | undefined, n: number): number | null {
  let best: number | null = null;
  for (const l of lengths ?? []) if (l <= n) best = l;
  return best;
}

/** The start term serving prefix `p` of `field`, or null when none is written that short. */
function startTerm(field: TermField, p: string): string | null {
  if (DOTTED.has(field)) {
    const cut = p.slice(0, p.lastIndexOf('.') + 1);
    return cut.split('.').length - 1 >= 2 && !cut.includes(':') ? `${CODES[field]}<${cut.split('.').slice(0, 3).join('.')}.` : null;
  }
  const n = longest(PREFIXES[field], p.length);
  return n === null ? null : `${CODES[field]}<${p.slice(0, n)}`;
}

/**
 * The term (without its day) whose rows include every row this lookup value matches, or
 * null when no term serves it (a start shorter than any written, a field without terms).
 */
export function lookupTerm(l: Lookup, value: string): string | null {
  if (l.field === 'callId') return null;
  if (l.field === 'extra') return value.length <= MAX_VALUE ? `x${l.header}=${value}` : null;
  const field = l.field;
  const v = FOLDED.has(field) ? value.toLowerCase() : value;
  if (l.match === 'prefix') return startTerm(field, v);
  if (l.match === 'suffix') {
    const n = longest(SUFFIXES[field], v.length);
    return n === null ? null : `${CODES[field]}>${v.slice(-n)}`;
  }
  if (v.length <= MAX_VALUE) return `${CODES[field]}=${v}`;
  return startTerm(field, v);
}

/** The terms of one lookup for a day (YYYY-MM-DD), or null when a value has none. */
export function lookupTerms(l: Lookup, day: string): string[] | null {
  const out: string[] = [];
  for (const v of l.values) {
    const t = lookupTerm(l, v);
    if (t === null) return null;
    out.push(`${dayCode(day)}:${t}`);
  }
  return out;
}
