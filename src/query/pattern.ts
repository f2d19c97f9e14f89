// HOMER search syntax for one field: `;` separates alternatives (OR), a leading `!`
// excludes, `*` or `%` is a wildcard anywhere (`0211*`, `*@x`, `*abc*`, `a*b`). There is
// no escape: HOMER has none, and `*`, `%`, `;` do not occur in numbers, IPs or tags.
// Matching splits each alternative into its literal pieces and finds them in order with
// startsWith/indexOf, so no regular expression is ever built from user input and the work
// per value is bounded by the pattern's length. compileQuery combines the patterns of a
// SearchQuery into one row filter plus the index lookups the store can start from.
import { INDEXED_FIELDS, type IndexedField, type Lookup, type MessageRow } from '../store/types.js';
import { fail, ok, type Result } from '../util/result.js';
import { storedSpellings } from './ip-spellings.js';
import { SEARCH_FIELDS, type SearchField, type SearchQuery } from './types.js';

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1024;
/** Most alternatives (`;`-separated values) in one pattern. */
export const MAX_ALTERNATIVES = 64;

/** How a pattern compares text. */
export interface PatternOptions {
  /** Compare lower-cased (methods, transport, content type, user agent). */
  caseInsensitive?: boolean;
  /** The stored texts an alternative stands for (an address in any spelling: ip-spellings.ts); null keeps it as written. */
  spellings?: (text: string) => string[] | null;
}

/** One `;`-separated alternative as written (after trimming and removing `!`). */
export interface PatternAlternative {
  negated: boolean;
  text: string;
}

/** A compiled field pattern. */
export interface CompiledPattern {
  readonly source: string;
  readonly caseInsensitive: boolean;
  /** The alternatives, lower-cased when caseInsensitive. */
  readonly alternatives: readonly PatternAlternative[];
  /** True when there are no alternatives: the field does not filter (everything matches). */
  readonly empty: boolean;
  /** Whether one value matches; null (an absent field) matches only a pattern without positive alternatives. */
  matches(value: string | number | null | undefined): boolean;
  /** Whether a set of values (e.g. srcIp and contactIp) matches: some value matches a positive alternative, none a negative one. */
  matchesAny(values: ReadonlyArray<string | number | null | undefined>): boolean;
  /** The exact values when every alternative is exact and positive (for index lookups), else null. Lower-cased when caseInsensitive. */
  exactValues(): string[] | null;
  /** Literal text every matching value starts with (common to all positive alternatives), or null when there is none. */
  prefix(): string | null;
  /** The literal starts of the positive alternatives when each has one (`0211*;0311` -> 0211, 0311), else null. Every match starts with one of them. */
  starts(): string[] | null;
  /** The literal ends of the positive alternatives when each has one (`*1234`), else null. Every match ends with one of them. */
  ends(): string[] | null;
}

interface Alternative {
  negated: boolean;
  /** Literal pieces between wildcards: `a*b` -> [a, b], `*a` -> ['', a], `a` -> [a]. */
  pieces: string[];
}

/** Whether `v` matches the wildcard pattern given by its literal pieces. */
function globMatch(pieces: readonly string[], v: string): boolean {
  if (pieces.length === 1) return v === pieces[0];
  const first = pieces[0] ?? '';
  const last = pieces.at(-1) ?? '';
  if (v.length < first.length + last.length || !v.startsWith(first) || !v.endsWith(last)) return false;
  // Leftmost placement of each middle piece is optimal: it leaves the most room for the rest.
  let pos = first.length;
  const end = v.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    const at = v.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

/** Longest common prefix of non-empty strings. */
function commonPrefix(texts: readonly string[]): string {
  let p = texts[0] ?? '';
  for (const t of texts) {
    let i = 0;
    while (i < p.length && i < t.length && p[i] === t[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

/** One literal end of every alternative (all non-empty), without repeats, or null. */
function literalEnds(alts: readonly Alternative[], end: (a: Alternative) => string): string[] | null {
  if (alts.length === 0) return null;
  const out = alts.map(end);
  return out.includes('') ? null : [...new Set(out)];
}

/** Parses a HOMER field pattern; errors name the limit or the bad alternative. */
export function compilePattern(text: string, opts: PatternOptions = {}): Result<CompiledPattern, 'bad-pattern'> {
  if (typeof text !== 'string') return fail('bad-pattern', `pattern must be a string, not ${typeof text}`);
  if (text.length > MAX_PATTERN_LENGTH) {
    return fail('bad-pattern', `pattern is ${text.length} characters long; the limit is ${MAX_PATTERN_LENGTH} (MAX_PATTERN_LENGTH)`);
  }
  const ci = opts.caseInsensitive === true;
  const written: PatternAlternative[] = [];
  for (const raw of text.split(';')) {
    let t = raw.trim();
    if (t === '') continue;
    const negated = t.startsWith('!');
    if (negated) t = t.slice(1).trim();
    if (negated && t === '') return fail('bad-pattern', `"!" needs a value to exclude in ${JSON.stringify(raw.trim())}`);
    written.push({ negated, text: ci ? t.toLowerCase() : t });
  }
  if (written.length > MAX_ALTERNATIVES) {
    return fail('bad-pattern', `pattern has ${written.length} alternatives; the limit is ${MAX_ALTERNATIVES} (MAX_ALTERNATIVES)`);
  }
  const texts = (a: PatternAlternative): string[] => opts.spellings?.(a.text) ?? [a.text];
  const alts: Alternative[] = written.flatMap((a) => texts(a).map((t) => ({ negated: a.negated, pieces: t.split(/[*%]+/) })));
  const positives = alts.filter((a) => !a.negated);
  const negatives = alts.filter((a) => a.negated);
  const norm = (v: string | number): string => (typeof v === 'number' ? String(v) : ci ? v.toLowerCase() : v);

  const matchesAny = (values: ReadonlyArray<string | number | null | undefined>): boolean => {
    const present: string[] = [];
    for (const v of values) if (v !== null && v !== undefined) present.push(norm(v));
    if (positives.length > 0 && !present.some((v) => positives.some((a) => globMatch(a.pieces, v)))) return false;
    return !present.some((v) => negatives.some((a) => globMatch(a.pieces, v)));
  };
  const exact = negatives.length === 0 && positives.length > 0 && positives.every((a) => a.pieces.length === 1);
  const exactList = exact ? [...new Set(positives.map((a) => a.pieces[0] ?? ''))] : null;
  const pre = positives.length > 0 ? commonPrefix(positives.map((a) => a.pieces[0] ?? '')) : '';

  return ok({
    source: text,
    caseInsensitive: ci,
    alternatives: written,
    empty: alts.length === 0,
    matches: (value) => matchesAny([value]),
    matchesAny,
    exactValues: () => (exactList ? [...exactList] : null),
    prefix: () => (pre === '' ? null : pre),
    starts: () => literalEnds(positives, (a) => a.pieces[0] ?? ''),
    ends: () => literalEnds(positives, (a) => a.pieces.at(-1) ?? ''),
  });
}

/** Fields compared lower-cased: their values' case carries no meaning for a searcher. */
const CASE_INSENSITIVE: ReadonlySet<SearchField> = new Set<SearchField>(['method', 'cseqMethod', 'transport', 'contentType', 'userAgent']);
/** Fields holding numbers: matched on their decimal text, so `4*` is 400-499. */
const NUMERIC: ReadonlySet<SearchField> = new Set<SearchField>(['status', 'srcPort', 'dstPort', 'contactPort', 'cseq']);
/**
 * Index preference, most selective first: one call, then one party or dialog, then a custom
 * header, then a host (a proxy's IP is in every row), then a device type, then the fields
 * with a handful of values (a status is in thousands of rows a minute at 10 M/hour).
 */
const RANK: Record<string, number> = {
  callId: 0, ruriUser: 1, toUser: 1, fromUser: 1, pidUser: 1, contactUser: 1, authUser: 1, fromTag: 1, toTag: 1, viaBranch: 1,
  extra: 2, srcIp: 3, dstIp: 3, userAgent: 4, status: 5, method: 5, cseqMethod: 5, contentType: 5, transport: 5,
};
const INDEXED: ReadonlySet<string> = new Set(INDEXED_FIELDS);
/** Fields holding an address: a typed address is searched in every text rows may hold for it. */
const ADDRESS: ReadonlySet<string> = new Set(['srcIp', 'dstIp', 'contactIp', 'originatorIp']);

/** A search compiled for the store: the row filter and the index plans that can feed it. */
export interface CompiledQuery {
  /** Whether a row satisfies every condition of the query. */
  match: (row: MessageRow) => boolean;
  /**
   * Alternative index plans, best first. Each plan is a union of lookups whose rows include
   * every row `match` accepts (the store's RowSearch.lookups). Empty: only a scan finds them.
   */
  indexable: Lookup[][];
}

type RowTest = (row: MessageRow) => boolean;
interface Term { test: RowTest; plan: Lookup[] | null }

/** Compiles one `fields` entry into a row test and, when its values are exact and indexed, a plan. */
function fieldTerm(name: string, text: string): Result<Term | null, 'bad-pattern'> {
  if (name !== 'originatorIp' && !Object.hasOwn(SEARCH_FIELDS, name)) return fail('bad-pattern', `fields.${name}: unknown field`);
  const field = name as SearchField | 'originatorIp';
  const caseInsensitive = field !== 'originatorIp' && CASE_INSENSITIVE.has(field);
  const p = compilePattern(text, ADDRESS.has(field) ? { spellings: storedSpellings } : { caseInsensitive });
  if (!p.ok) return fail('bad-pattern', `fields.${name}: ${p.detail}`);
  const pat = p.value;
  if (pat.empty) return ok(null);
  if (field === 'originatorIp') return ok({ test: (r) => pat.matchesAny([r.srcIp, r.contactIp]), plan: null });
  if (NUMERIC.has(field)) {
    const bad = pat.alternatives.find((a) => !/^[0-9*%]+$/.test(a.text));
    if (bad) return fail('bad-pattern', `fields.${name}: ${JSON.stringify(bad.text)} is not a number pattern (digits with * or %)`);
  }
  const column = SEARCH_FIELDS[field];
  return ok({ test: (r) => pat.matches(r[column]), plan: fieldPlan(column, pat) });
}

/** The lookup whose rows include every match of `pat` on `column`: its exact values, else the starts or ends of its alternatives. */
function fieldPlan(column: string, pat: CompiledPattern): Lookup[] | null {
  if (!INDEXED.has(column)) return null;
  const field = column as IndexedField;
  const values = pat.exactValues();
  if (values) return [{ field, values }];
  if (field === 'callId') return null; // a Call-ID is found by its partition: whole values only
  const starts = pat.starts();
  if (starts) return [{ field, values: starts, match: 'prefix' }];
  const ends = pat.ends();
  return ends ? [{ field, values: ends, match: 'suffix' }] : null;
}

/** Compiles one `extra` header condition; header names are compared lower-cased. */
function extraTerm(name: string, text: string): Result<Term | null, 'bad-pattern'> {
  const header = name.toLowerCase();
  const p = compilePattern(text);
  if (!p.ok) return fail('bad-pattern', `extra.${name}: ${p.detail}`);
  const pat = p.value;
  if (pat.empty) return ok(null);
  const values = pat.exactValues();
  return ok({
    test: (r) => pat.matches(Object.hasOwn(r.extra, header) ? r.extra[header] : null),
    plan: values ? [{ field: 'extra', header, values }] : null,
  });
}

/** A plan's preference: its field's rank, a start or end after the whole value. */
const planRank = (plan: Lookup[]): number => (RANK[plan[0]?.field ?? ''] ?? 9) + (plan.some((l) => l.match) ? 0.5 : 0);
const planSize = (plan: Lookup[]): number => plan.reduce((n, l) => n + l.values.length, 0);

/** Compiles a SearchQuery's conditions: fields and extra combine by `op`, locations always AND. */
export function compileQuery(q: SearchQuery): Result<CompiledQuery, 'bad-pattern'> {
  const terms: Term[] = [];
  for (const [name, text] of Object.entries<string | undefined>(q.fields)) {
    if (text === undefined) continue;
    const t = fieldTerm(name, text);
    if (!t.ok) return t;
    if (t.value) terms.push(t.value);
  }
  for (const [name, text] of Object.entries(q.extra)) {
    const t = extraTerm(name, text);
    if (!t.ok) return t;
    if (t.value) terms.push(t.value);
  }
  const locations = new Set(q.locations);
  const inLocation: RowTest = locations.size === 0 ? () => true : (r) => locations.has(r.location);
  const tests = terms.map((t) => t.test);
  const fieldsMatch: RowTest = q.op === 'or' && tests.length > 0
    ? (r) => tests.some((t) => t(r))
    : (r) => tests.every((t) => t(r));

  let indexable: Lookup[][];
  if (q.op === 'and' || terms.length === 1) {
    // Every row matches each term, so any one indexed term alone covers the result.
    indexable = terms.flatMap((t) => (t.plan ? [t.plan] : []));
  } else {
    // A row may match any term: only the union of all terms' lookups covers it.
    indexable = terms.length > 0 && terms.every((t) => t.plan) ? [terms.flatMap((t) => t.plan ?? [])] : [];
  }
  indexable.sort((a, b) => planRank(a) - planRank(b) || planSize(a) - planSize(b));
  return ok({ match: (r) => inLocation(r) && fieldsMatch(r), indexable });
}
