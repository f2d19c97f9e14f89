// Header values as lists and parameters:
//   list:     element *( "," element )      commas inside "..." or <...> do not split
//   params:   *( ";" name [ "=" ( token / quoted-string ) ] )
//   auth:     scheme SP name=value *( "," name=value )     (Authorization)
// Each helper walks its input once; no regular expressions.

import { eqIgnoreCaseAt } from './header-names.js';

/** First element of a comma-separated header value, trimmed. */
export function firstListElement(value: string): string {
  const comma = value.indexOf(',');
  if (comma < 0) return value;
  const q = value.indexOf('"');
  const lt = value.indexOf('<');
  if ((q < 0 || q > comma) && (lt < 0 || lt > comma)) return value.slice(0, comma).trim();
  const end = firstListElementEnd(value, 0);
  return end === value.length ? value : value.slice(0, end).trim();
}

/** Index of the first ',' at or after `from` outside "..." and <...>, or value.length. */
export function firstListElementEnd(value: string, from: number): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c /* < */) inAngle = true;
    else if (c === 0x3e /* > */) inAngle = false;
    else if (c === 0x2c /* , */ && !inAngle) return i;
  }
  return value.length;
}

/** Content of a quoted-string with backslash escapes resolved; other text as is. */
export function unquote(s: string): string {
  if (s.length < 2 || s.charCodeAt(0) !== 0x22) return s;
  let out = '';
  let from = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c && i + 1 < s.length) {
      out += s.slice(from, i);
      from = i + 1;
      i++;
    } else if (c === 0x22) {
      return out + s.slice(from, i);
    }
  }
  return out + s.slice(from);
}

// Index just past the value starting at i (token up to a delimiter, or quoted string).
function valueEnd(s: string, i: number, delim: number): number {
  if (s.charCodeAt(i) === 0x22) {
    let j = i + 1;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 0x5c) j += 2;
      else if (c === 0x22) return j + 1;
      else j++;
    }
    return s.length;
  }
  const j = s.indexOf(delim === 0x3b ? ';' : ',', i);
  return j < 0 ? s.length : j;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// Finds name=value in s from `from`, items separated by `delim` (';' or ','):
// the unquoted value, '' for a name without value, undefined when absent.
function findParam(s: string, from: number, name: string, delim: number): string | undefined {
  let i = from;
  while (i < s.length) {
    while (i < s.length && (isWs(s.charCodeAt(i)) || s.charCodeAt(i) === delim)) i++;
    const start = i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x3d /* = */ || c === delim || isWs(c)) break;
      i++;
    }
    const matches = i - start === name.length && eqIgnoreCaseAt(s, start, name);
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 0x3d) {
      if (matches) return '';
      if (i === start) i++; // stray character: step over it
      continue;
    }
    i++;
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    const vEnd = valueEnd(s, i, delim);
    if (matches) {
      let e = vEnd;
      while (e > i && isWs(s.charCodeAt(e - 1))) e--;
      return s.charCodeAt(i) === 0x22 ? unquote(s.slice(i, e)) : s.slice(i, e);
    }
    i = vEnd;
  }
  return undefined;
}

/** Value of header parameter `name` (lower-case a-z and '-') in `;a=b;c` text starting at `from`. */
export function paramValue(s: string, from: number, name: string): string | undefined {
  return findParam(s, from, name, 0x3b /* ; */);
}

/** Value of auth parameter `name` (lower-case a-z and '-') in `Digest a="b", c=d`. */
export function authParam(value: string, name: string): string | undefined {
  let i = 0;
  while (i < value.length && isWs(value.charCodeAt(i))) i++;
  while (i < value.length && !isWs(value.charCodeAt(i))) i++; // the scheme
  return findParam(value, i, name, 0x2c /* , */);
}

/** Index of the first `;` at or after `from` that is outside a quoted string, or -1. */
export function paramsStart(s: string, from: number): number {
  let inQuote = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3b) return i;
  }
  return -1;
}
