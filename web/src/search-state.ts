// The search form's state, kept in the URL so a search can be shared as a link and
// survives reload: state <-> URLSearchParams, and state -> the API's SearchRequest.
import { ALL_FIELD_NAMES } from './fields';
import { localDate, localToIso } from './time';
import type { SearchRequest } from './types';

/** Everything the search page shows: criteria plus how the results are viewed. */
export interface SearchState {
  /** Local date "YYYY-MM-DD" the range starts on. */
  date: string;
  /** Local end date for ranges over several days ('' = same as date). */
  until: string;
  /** Local wall-clock times "HH:MM" or "HH:MM:SS". */
  fromTime: string;
  toTime: string;
  fields: Record<string, string>;
  /** Extra headers: [lower-case name, pattern]. */
  extra: Array<[string, string]>;
  op: 'and' | 'or';
  locations: string[];
  limit: number;
  unique: boolean;
  withLegs: boolean;
  advanced: boolean;
  /** One line per call instead of one per message. */
  collapse: boolean;
  /** "column:asc" or "column:desc"; '' = newest first as the API answers. */
  sort: string;
}

/** Default page size (max records). */
export const DEFAULT_LIMIT = 200;

/** An empty form: today, the whole day. */
export function defaultState(now = new Date()): SearchState {
  return {
    date: localDate(0, now), until: '', fromTime: '00:00', toTime: '23:59', fields: {}, extra: [], op: 'and',
    locations: [], limit: DEFAULT_LIMIT, unique: false, withLegs: false, advanced: false, collapse: false, sort: '',
  };
}

const EXTRA_PREFIX = 'h.';

/** Reads a state from a query string; `submitted` is true when it holds a search to run. */
export function stateFromParams(p: URLSearchParams, now = new Date()): { state: SearchState; submitted: boolean } {
  const s = defaultState(now);
  const str = (k: string, d: string) => p.get(k) ?? d;
  s.date = str('date', s.date);
  s.until = str('until', '');
  s.fromTime = str('from', s.fromTime);
  s.toTime = str('to', s.toTime);
  s.op = p.get('op') === 'or' ? 'or' : 'and';
  s.locations = p.getAll('loc').filter((l) => l !== '');
  const limit = Number(p.get('limit'));
  s.limit = Number.isInteger(limit) && limit >= 1 && limit <= 10_000 ? limit : DEFAULT_LIMIT;
  s.unique = p.get('unique') === '1';
  s.withLegs = p.get('legs') === '1';
  s.advanced = p.get('adv') === '1';
  s.collapse = p.get('view') === 'calls';
  s.sort = str('sort', '');
  for (const name of ALL_FIELD_NAMES) {
    const v = p.get(name);
    if (v) s.fields[name] = v;
  }
  for (const [k, v] of p) {
    if (k.startsWith(EXTRA_PREFIX) && k.length > EXTRA_PREFIX.length) s.extra.push([k.slice(EXTRA_PREFIX.length), v]);
  }
  return { state: s, submitted: p.has('date') };
}

/** The query string of a state: only what differs from an empty form, plus the range. */
export function stateToParams(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('date', s.date);
  if (s.until && s.until !== s.date) p.set('until', s.until);
  p.set('from', s.fromTime);
  p.set('to', s.toTime);
  for (const name of ALL_FIELD_NAMES) {
    const v = s.fields[name]?.trim();
    if (v) p.set(name, v);
  }
  for (const [name, v] of s.extra) if (name.trim() && v.trim()) p.append(EXTRA_PREFIX + name.trim().toLowerCase(), v.trim());
  if (s.op === 'or') p.set('op', 'or');
  for (const l of s.locations) p.append('loc', l);
  if (s.limit !== DEFAULT_LIMIT) p.set('limit', String(s.limit));
  if (s.unique) p.set('unique', '1');
  if (s.withLegs) p.set('legs', '1');
  if (s.advanced) p.set('adv', '1');
  if (s.collapse) p.set('view', 'calls');
  if (s.sort) p.set('sort', s.sort);
  return p;
}

/** The API request of a state, or a sentence saying what is wrong with the form. */
export function toRequest(s: SearchState): { ok: true; request: SearchRequest } | { ok: false; error: string } {
  const from = localToIso(s.date, s.fromTime);
  if (!from) return { ok: false, error: `The start "${s.date} ${s.fromTime}" is not a valid date and time.` };
  const to = localToIso(s.until || s.date, s.toTime, true);
  if (!to) return { ok: false, error: `The end "${s.until || s.date} ${s.toTime}" is not a valid date and time.` };
  if (to < from) return { ok: false, error: 'The end of the range is before its start (for a range past midnight, set an end date).' };
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.fields)) if (v.trim()) fields[k] = v.trim();
  const extra: Record<string, string> = {};
  for (const [k, v] of s.extra) if (k.trim() && v.trim()) extra[k.trim().toLowerCase()] = v.trim();
  const request: SearchRequest = { from, to, fields, op: s.op, limit: s.limit, unique: s.unique, withLegs: s.withLegs };
  if (Object.keys(extra).length) request.extra = extra;
  if (s.locations.length) request.locations = s.locations;
  return { ok: true, request };
}
