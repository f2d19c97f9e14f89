// The search request as the API receives it (JSON, already checked against the OpenAPI
// schema) turned into a SearchQuery: times parsed to microseconds, defaults filled in,
// and the rules a schema cannot say (to >= from, range length) checked. Checks repeat the
// schema's where cheap, so a caller that skips validation still gets a named error.
import { fail, ok, type Result } from '../util/result.js';
import { SEARCH_FIELDS, type SearchField, type SearchQuery } from './types.js';
import type { SearchRequest } from './search-request-body.js';

/** Records returned when the request names no limit. */
export const DEFAULT_LIMIT = 200;
/** Largest limit a request may ask for. */
export const MAX_LIMIT = 10_000;
/** Longest time range one search may cover, in days. */
export const MAX_RANGE_DAYS = 31;
/** Range searched when the request gives no `from`: this long before `to`. */
export const DEFAULT_RANGE_MICROS = 3_600_000_000n;

const DAY_MICROS = 86_400_000_000n;

export type { SearchRequest } from './search-request-body.js';

/** ISO 8601 date-time with a zone: seconds and a fraction (to nanoseconds) are optional. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;
/** Integer microseconds since the epoch. */
const MICROS = /^\d{1,17}$/;
/** Lower-case HTTP header name (RFC 9110 token characters). */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/** Parses ISO 8601 with a zone, or integer microseconds, to UTC microseconds since the epoch. */
export function parseTime(text: string): Result<bigint, 'bad-time'> {
  if (MICROS.test(text)) return ok(BigInt(text));
  const m = ISO.exec(text);
  if (!m) return fail('bad-time', `${JSON.stringify(text.slice(0, 40))} is neither ISO 8601 with a zone (2026-11-24T13:39:00+01:00) nor integer microseconds`);
  const [, y, mo, d, h, mi, s = '0', frac = '', z, sign, zh = '0', zm = '0'] = m;
  const n = [y, mo, d, h, mi, s, zh, zm].map(Number) as [number, number, number, number, number, number, number, number];
  const ms = Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]);
  const back = new Date(ms);
  // Date.UTC rolls 30 February over into March; a date that does not survive the round trip does not exist.
  if (back.getUTCFullYear() !== n[0] || back.getUTCMonth() !== n[1] - 1 || back.getUTCDate() !== n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 || n[6] > 23 || n[7] > 59) {
    return fail('bad-time', `${JSON.stringify(text)} is not a valid date and time`);
  }
  const offsetMin = z === 'Z' || z === 'z' ? 0 : (sign === '-' ? -1 : 1) * (n[6] * 60 + n[7]);
  const micros = BigInt(ms - offsetMin * 60_000) * 1000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
  if (micros < 0n) return fail('bad-time', `${JSON.stringify(text)} is before 1970`);
  return ok(micros);
}

const bad = (detail: string) => fail('bad-request' as const, detail);

/** The time range: explicit bounds, else the hour before `to` (default: now). */
function range(req: SearchRequest, nowMicros: bigint): Result<[bigint, bigint], 'bad-request'> {
  let to = nowMicros;
  if (req.to !== undefined) {
    const t = parseTime(req.to);
    if (!t.ok) return bad(`to: ${t.detail}`);
    to = t.value;
  }
  let from = to - DEFAULT_RANGE_MICROS;
  if (req.from !== undefined) {
    const f = parseTime(req.from);
    if (!f.ok) return bad(`from: ${f.detail}`);
    from = f.value;
  }
  if (from < 0n) from = 0n;
  if (to < from) return bad('to: must not be before from');
  if (to - from > BigInt(MAX_RANGE_DAYS) * DAY_MICROS) return bad(`to: the range from..to is longer than ${MAX_RANGE_DAYS} days (MAX_RANGE_DAYS)`);
  return ok([from, to]);
}

/** Turns a validated SearchRequest into a SearchQuery; errors name the field ("fields.fooUser: unknown field"). */
export function toSearchQuery(req: SearchRequest, nowMicros: bigint = BigInt(Date.now()) * 1000n): Result<SearchQuery, 'bad-request'> {
  const r = range(req, nowMicros);
  if (!r.ok) return r;
  const fields: SearchQuery['fields'] = {};
  const unknown: string[] = [];
  for (const [name, pattern] of Object.entries(req.fields ?? {})) {
    if (name !== 'originatorIp' && !Object.hasOwn(SEARCH_FIELDS, name)) unknown.push(name);
    else if (typeof pattern !== 'string') return bad(`fields.${name}: must be a string`);
    // Forms send every input; an empty one means "any".
    else if (pattern.trim() !== '') fields[name as SearchField | 'originatorIp'] = pattern;
  }
  if (unknown.length === 1) return bad(`fields.${unknown[0]}: unknown field`);
  if (unknown.length > 1) return bad(`fields: unknown fields ${unknown.join(', ')}`);
  const extra: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(req.extra ?? {})) {
    if (!HEADER_NAME.test(name)) return bad(`extra.${name}: header names are lower-case HTTP tokens of 1-64 characters`);
    if (typeof pattern !== 'string') return bad(`extra.${name}: must be a string`);
    if (pattern.trim() !== '') extra[name] = pattern;
  }
  // req came from JSON: its op may be any value whatever its type says.
  const op: unknown = req.op ?? 'and';
  if (op !== 'and' && op !== 'or') return bad(`op: must be "and" or "or"`);
  const limit = req.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return bad(`limit: must be an integer from 1 to ${MAX_LIMIT}`);
  const locations = [...new Set((req.locations ?? []).filter((l) => l !== ''))];
  const q: SearchQuery = {
    fromMicros: r.value[0], toMicros: r.value[1], fields, extra, op, locations, limit,
    unique: req.unique ?? false, withLegs: req.withLegs ?? false,
  };
  if (req.cursor !== undefined && req.cursor !== '') q.cursor = req.cursor;
  return ok(q);
}
