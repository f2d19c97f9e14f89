// Header section scan: one pass over the lines after the start line, unfolding
// continuation lines (SP/HTAB first), keeping only the values that are asked for.
//
//   name *(SP/HTAB) ":" *(SP/HTAB) value CRLF      value may continue on lines
//   1*(SP/HTAB) more-value CRLF                    that start with SP or HTAB
//
// Work is bounded: each character is looked at a constant number of times, the number
// of fields and the length of each field are capped.

import { fail, ok, type Result } from '../util/result.js';
import { H, HEADER_ID_COUNT, compactFull, eqIgnoreCaseAt, fullLowerName, headerIdAt, tokenEnd } from './header-names.js';
import type { SipParseOptions, SipRejectReason } from './types.js';

/** A configured header to keep: its lower-case full name and where its value goes. */
export interface HeaderWish {
  lower: string;
  /** Key in the correlation map (the name as configured), or '' when not a correlation header. */
  correlationKey: string;
  /** True when kept in the extra map under `lower`. */
  extra: boolean;
}

/** Values found by a scan: first value per extracted header id, plus the wishes. */
export interface ScannedHeaders {
  values: (string | undefined)[];
  count: number;
  correlation: Record<string, string>;
  extra: Record<string, string>;
  /** Index just past the empty line ending the header section; -1 when there was none. */
  end: number;
}

/** Limits of a scan. */
export interface ScanLimits {
  maxHeaders: number;
  maxLineBytes: number;
}

// Prepared correlation/extra names per options object; options are built once from
// config, so this runs once, not per message.
const wishesCache = new WeakMap<SipParseOptions, { c: readonly string[]; e: readonly string[]; w: HeaderWish[] }>();

/** The configured correlation and extra headers of `opts`, prepared for scanHeaders. */
export function prepareWishes(opts: SipParseOptions): HeaderWish[] {
  const cached = wishesCache.get(opts);
  if (cached !== undefined && cached.c === opts.correlationHeaders && cached.e === opts.extraHeaders) return cached.w;
  const byName = new Map<string, HeaderWish>();
  const wish = (name: string): HeaderWish => {
    const lower = fullLowerName(name);
    let w = byName.get(lower);
    if (w === undefined) byName.set(lower, (w = { lower, correlationKey: '', extra: false }));
    return w;
  };
  for (const name of opts.correlationHeaders) {
    const w = wish(name);
    if (w.correlationKey === '') w.correlationKey = name;
  }
  for (const name of opts.extraHeaders) wish(name).extra = true;
  const w = [...byName.values()].filter((x) => x.lower !== '');
  wishesCache.set(opts, { c: opts.correlationHeaders, e: opts.extraHeaders, w });
  return w;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// Value of s[from, to) without surrounding SP/HTAB/CR.
function trimmed(s: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && (isWs(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 0x0d)) b--;
  return s.slice(a, b);
}

// A folded value: every line end with its leading whitespace becomes one SP.
function unfolded(s: string, from: number, to: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    const nl = s.indexOf('\n', i);
    const lineEnd = nl < 0 || nl > to ? to : nl;
    const part = trimmed(s, i, lineEnd);
    if (part !== '') out = out === '' ? part : out + ' ' + part;
    i = lineEnd + 1;
  }
  return out;
}

/** Scans header lines of `text` from `start` to the empty line or the end of text. */
export function scanHeaders(
  text: string,
  start: number,
  limits: ScanLimits,
  wishes: readonly HeaderWish[],
): Result<ScannedHeaders, SipRejectReason> {
  const values = new Array<string | undefined>(HEADER_ID_COUNT).fill(undefined);
  const correlation: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const end = text.length;
  const { maxHeaders, maxLineBytes } = limits;
  let count = 0;
  let p = start;
  let sectionEnd = -1;
  while (p < end) {
    const c0 = text.charCodeAt(p);
    if (c0 === 0x0a || (c0 === 0x0d && text.charCodeAt(p + 1) === 0x0a)) {
      sectionEnd = p + (c0 === 0x0a ? 1 : 2);
      break;
    }
    const nl = text.indexOf('\n', p);
    const lineEnd = nl < 0 ? end : nl;
    let fieldEnd = lineEnd;
    while (fieldEnd + 1 < end && isWs(text.charCodeAt(fieldEnd + 1))) {
      const next = text.indexOf('\n', fieldEnd + 1);
      fieldEnd = next < 0 ? end : next;
    }
    if (++count > maxHeaders) return fail('too-many-headers', `more than ${maxHeaders} header fields`);
    if (fieldEnd - p > maxLineBytes) {
      return fail('bad-header', `header field ${count} is ${fieldEnd - p} bytes > ${maxLineBytes}`);
    }
    const nameEnd = tokenEnd(text, p, lineEnd);
    let colon = nameEnd;
    while (colon < lineEnd && isWs(text.charCodeAt(colon))) colon++;
    if (nameEnd === p || colon >= lineEnd || text.charCodeAt(colon) !== 0x3a /* : */) {
      if (nl < 0) break; // a cut-off last line of a truncated capture: keep what came before
      return fail('bad-header', `header line ${count} is not name ":" value: ${JSON.stringify(text.slice(p, Math.min(lineEnd, p + 40)))}`);
    }
    const nameLen = nameEnd - p;
    const id = headerIdAt(text, p, nameLen);
    const folded = fieldEnd !== lineEnd;
    let value: string | undefined;
    if (id !== H.Other && values[id] === undefined) {
      value = folded ? unfolded(text, colon + 1, fieldEnd) : trimmed(text, colon + 1, lineEnd);
      values[id] = value;
    }
    for (const wish of wishes) {
      const same = (nameLen === wish.lower.length && eqIgnoreCaseAt(text, p, wish.lower))
        || (nameLen === 1 && compactFull(text.charCodeAt(p)) === wish.lower);
      if (!same) continue;
      value ??= folded ? unfolded(text, colon + 1, fieldEnd) : trimmed(text, colon + 1, lineEnd);
      if (wish.correlationKey !== '' && correlation[wish.correlationKey] === undefined) {
        correlation[wish.correlationKey] = value;
      }
      if (wish.extra) {
        const prev = extra[wish.lower];
        extra[wish.lower] = prev === undefined ? value : prev + ', ' + value;
      }
    }
    p = fieldEnd + 1;
  }
  return ok({ values, count, correlation, extra, end: sectionEnd });
}
