// Header names: the ids of the headers the parser extracts, compact forms (RFC 3261
// section 7.3.3 and the IANA registry) and case-insensitive matching in place.

/** Ids of the headers parseSip extracts; `H.Other` is any other header. */
export const H = {
  Other: 0,
  CallId: 1,
  From: 2,
  To: 3,
  Via: 4,
  CSeq: 5,
  Contact: 6,
  PAssertedIdentity: 7,
  PPreferredIdentity: 8,
  Authorization: 9,
  ProxyAuthorization: 10,
  UserAgent: 11,
  Server: 12,
  Diversion: 13,
  Reason: 14,
  ContentType: 15,
  ContentLength: 16,
  MaxForwards: 17,
  SessionId: 18,
  PChargingVector: 19,
} as const;

/** Number of header ids, the length of the value array a scan fills. */
export const HEADER_ID_COUNT = 20;

/** Compact form (lower-case letter) -> full name, lower-case. */
export const COMPACT_NAMES: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

const CANONICAL: ReadonlyArray<readonly [string, number]> = [
  ['call-id', H.CallId],
  ['from', H.From],
  ['to', H.To],
  ['via', H.Via],
  ['cseq', H.CSeq],
  ['contact', H.Contact],
  ['p-asserted-identity', H.PAssertedIdentity],
  ['p-preferred-identity', H.PPreferredIdentity],
  ['authorization', H.Authorization],
  ['proxy-authorization', H.ProxyAuthorization],
  ['user-agent', H.UserAgent],
  ['server', H.Server],
  ['diversion', H.Diversion],
  ['reason', H.Reason],
  ['content-type', H.ContentType],
  ['content-length', H.ContentLength],
  ['max-forwards', H.MaxForwards],
  ['session-id', H.SessionId],
  ['p-charging-vector', H.PChargingVector],
];

// Candidates by name length, so a header name is compared in place against at most a
// few names, without slicing or lower-casing it.
const BY_LENGTH: Array<Array<readonly [string, number]>> = [];
for (const entry of CANONICAL) (BY_LENGTH[entry[0].length] ??= []).push(entry);
// Compact letter (char code, lower-case) -> id, and -> full lower-case name.
const COMPACT_ID = new Uint8Array(128);
const COMPACT_FULL: string[] = new Array<string>(128).fill('');
for (const [letter, full] of Object.entries(COMPACT_NAMES)) {
  const code = letter.charCodeAt(0);
  COMPACT_FULL[code] = full;
  COMPACT_ID[code] = CANONICAL.find((e) => e[0] === full)?.[1] ?? H.Other;
}

/** True when s[p, p + lower.length) equals `lower` (a-z and '-') ignoring ASCII case. */
export function eqIgnoreCaseAt(s: string, p: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = s.charCodeAt(p + i);
    const l = lower.charCodeAt(i);
    // |0x20 folds A-Z onto a-z; the only other character it maps onto a-z or '-' is CR
    // (onto '-'), hence the exact test for '-', for callers that pass non-tokens.
    if (c !== l && ((c | 0x20) !== l || l === 0x2d)) return false;
  }
  return true;
}

/** Id of the token header name at s[p, p + len), any case, compact or full. */
export function headerIdAt(s: string, p: number, len: number): number {
  if (len === 1) return COMPACT_ID[s.charCodeAt(p) | 0x20] ?? H.Other; // >= 128: undefined
  const candidates = BY_LENGTH[len];
  if (candidates === undefined) return H.Other;
  for (const [lower, id] of candidates) if (eqIgnoreCaseAt(s, p, lower)) return id;
  return H.Other;
}

/** Full lower-case name of a one-letter compact header name, or ''. */
export function compactFull(letter: number): string {
  return COMPACT_FULL[letter | 0x20] ?? '';
}

/** Lower-case full name for a configured header name (compact forms expanded). */
export function fullLowerName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.length === 1 ? (COMPACT_NAMES[lower] ?? lower) : lower;
}

// Token characters of RFC 3261 section 25.1: alphanumerics and -.!%*_+`'~
const TOKEN = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`\'~') {
  TOKEN[c.charCodeAt(0)] = 1;
}

/** Index of the first character at or after `start` (before `end`) that is not a token character. */
export function tokenEnd(s: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) break;
    i++;
  }
  return i;
}

/** True when s[start, end) is a non-empty RFC 3261 token. */
export function isToken(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}
