// The terms of the search table (cql/005-search-rows.cql). Cassandra 5.0's storage-attached
// indexes compare text by equality only (no LIKE, no range on text, and 5.0.8 ships no
// tokenizing analyzer: only NonTokenizingAnalyzer is in its jar), so every question a
// search asks of a field is written down beside the row as a short text, and one index over
// the set answers `terms CONTAINS ?` for all of them:
//
//   <day>:<code>=<value>    the whole value              au=alice
//   <day>:<code><<start>    its first N characters       ua<asterisk
//   <day>:<code>><end>      its last N characters        nu>551234
//
// <day> is the UTC day number in base 36: a term is rare within a day even when it is common
// over the retention, which is what lets a search ask the whole table for it at once (the
// probe in search.ts). A pattern longer than the indexed start (or end) is served by it and
// the rows are filtered; a shorter one is not served (scan).
//
// Every term is one entry in the index, and index entries are most of what a message costs
// Cassandra to write (bench/ingest, docs/search.md: 31 terms a message doubled Cassandra's CPU
// per packet, 9 still cost 10 % more than version 1). So a message gets about 6, as many as
// version 1's indexes held: each number its last 6 characters (they serve its exact value
// too: rare within a day, then filtered), the two addresses, the method or the status and
// its class, the User-Agent's first 8 characters, the auth user and configured extra
// headers. The exact status is a term since schema 6 (before, its class served it, and a
// search for 486 read every 4xx): term-era.ts says from which day on it may be asked for.
// What a term would serve only when it is common anyway (a number start, a transport, a
// Content-Type), what nearly always equals a served field (CSeq method, Contact user) and
// what is unique per dialog (tags, Via branch) has none: it filters, or is scanned for,
// and a scan of a common value fills its page in the newest bucket.
import { CASE_FOLDED_FIELDS, type Lookup, type MessageRow } from '../types.js';
import { CURRENT_ERA, type TermEra } from './term-era.js';

/**
 * How a field is written. `exactBy`: its whole value is served by that start or end when
 * long enough (and written whole only when shorter). `wholeSince`: the whole value became
 * a term in a later era; rows of days before it are asked for by the start.
 */
interface Spec { code: string; starts?: number; ends?: number; exactBy?: 'start' | 'end'; wholeSince?: keyof TermEra }

/**
 * Fields the terms serve. The four numbers of a message share one code: a row has two
 * distinct numbers in the usual case (To = R-URI, P-Asserted = From), so its number terms
 * are halved; a search for the To number also gets the rows where that number is the
 * caller, which the store's plan check drops.
 */
const NUMBER: Spec = { code: 'nu', ends: 6, exactBy: 'end' };
const SPECS = {
  ruriUser: NUMBER, fromUser: NUMBER, toUser: NUMBER, pidUser: NUMBER,
  authUser: { code: 'au' }, srcIp: { code: 'si' }, dstIp: { code: 'di' },
  method: { code: 'me' }, status: { code: 'st', starts: 1, wholeSince: 'exactStatus' },
  userAgent: { code: 'ua', starts: 8, exactBy: 'start' },
} as const satisfies Record<string, Spec>;
/** A field with terms. */
export type TermField = keyof typeof SPECS;
const ENTRIES = Object.entries(SPECS) as [TermField, Spec][];
/** Longest value written whole; a longer one is served by its start, if the field has one. */
const MAX_VALUE = 96;

let lastDay = '';
let lastCode = '';
/** The UTC day number of a day text (YYYY-MM-DD) in base 36. */
export function dayCode(day: string): string {
  if (day !== lastDay) {
    lastCode = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000).toString(36);
    lastDay = day;
  }
  return lastCode;
}

function specOf(field: string): Spec | undefined {
  return (SPECS as Record<string, Spec | undefined>)[field];
}

/** The terms (without day) of one value of a field. */
function valueTerms(spec: Spec, v: string): string[] {
  const out: string[] = [];
  const cut = spec.exactBy === 'start' ? spec.starts : spec.exactBy === 'end' ? spec.ends : undefined;
  if (v.length <= MAX_VALUE && (cut === undefined || v.length < cut)) out.push(`${spec.code}=${v}`);
  if (spec.starts !== undefined && v.length >= spec.starts) out.push(`${spec.code}<${v.slice(0, spec.starts)}`);
  if (spec.ends !== undefined && v.length >= spec.ends) out.push(`${spec.code}>${v.slice(-spec.ends)}`);
  return out;
}

/** Every term of one row, for the day `day` (YYYY-MM-DD), without repeats. */
export function termsOf(row: MessageRow, day: string): string[] {
  const d = `${dayCode(day)}:`;
  const out = new Set<string>();
  for (const [field, spec] of ENTRIES) {
    const raw = row[field];
    if (raw === null || raw === '') continue;
    // Lower-cased where the search compares lower-cased (CASE_FOLDED_FIELDS).
    const v = CASE_FOLDED_FIELDS.has(field) ? String(raw).toLowerCase() : String(raw);
    for (const t of valueTerms(spec, v)) out.add(d + t);
  }
  for (const [header, value] of Object.entries(row.extra)) {
    if (value.length <= MAX_VALUE) out.add(`${d}x${header}=${value}`);
  }
  return [...out];
}

/**
 * The term (without its day) whose rows include every row this lookup value matches, or
 * null when no term serves it (a start or end shorter than the one written, a field
 * without terms). `era`: the terms the rows of the day were written with.
 */
export function lookupTerm(l: Lookup, value: string, era: TermEra = CURRENT_ERA): string | null {
  if (l.field === 'extra') return value.length <= MAX_VALUE ? `x${l.header}=${value}` : null;
  const spec = specOf(l.field);
  if (spec === undefined) return null;
  const v = CASE_FOLDED_FIELDS.has(l.field) ? value.toLowerCase() : value;
  const start = spec.starts !== undefined && v.length >= spec.starts ? `${spec.code}<${v.slice(0, spec.starts)}` : null;
  const end = spec.ends !== undefined && v.length >= spec.ends ? `${spec.code}>${v.slice(-spec.ends)}` : null;
  if (l.match === 'prefix') return start;
  if (l.match === 'suffix') return end;
  if (spec.exactBy === 'start' && start !== null) return start;
  if (spec.wholeSince !== undefined && !era[spec.wholeSince]) return start;
  if (spec.exactBy === 'end' && end !== null) return end;
  return v.length <= MAX_VALUE ? `${spec.code}=${v}` : start;
}

/** The terms of one lookup for a day (YYYY-MM-DD), or null when a value has none. */
export function lookupTerms(l: Lookup, day: string, era: TermEra = CURRENT_ERA): string[] | null {
  const out: string[] = [];
  for (const v of l.values) {
    const t = lookupTerm(l, v, era);
    if (t === null) return null;
    out.push(`${dayCode(day)}:${t}`);
  }
  return out;
}
