// The first line of a SIP message:
//
//   Request-Line = Method SP Request-URI SP "SIP/2.0"         INVITE sip:b@h SIP/2.0
//   Status-Line  = "SIP/2.0" SP 3DIGIT SP Reason-Phrase        SIP/2.0 180 Ringing
//
// Tolerated: runs of SP/HTAB instead of one SP, trailing whitespace, an empty reason
// phrase, lower-case "sip/2.0". A line naming no SIP version at all is 'not-sip'
// (HTTP, RTP, garbage); a line that does but is malformed is 'bad-start-line'.

import { fail, ok, type Result } from '../util/result.js';
import { isToken } from './header-names.js';
import type { SipRejectReason } from './types.js';
import { hasScheme } from './uri.js';

/** The parts of a start line. */
export interface StartLine {
  isRequest: boolean;
  method: string;
  requestUri: string;
  statusCode: number;
  reasonPhrase: string;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// True when line[i..) starts with "SIP/2.0", "sip" in any case.
function isVersionAt(line: string, i: number): boolean {
  return (line.charCodeAt(i) | 0x20) === 0x73 && (line.charCodeAt(i + 1) | 0x20) === 0x69
    && (line.charCodeAt(i + 2) | 0x20) === 0x70 && line.startsWith('/2.0', i + 3);
}

function startsWithSip(line: string): boolean {
  return (line.charCodeAt(0) | 0x20) === 0x73 && (line.charCodeAt(1) | 0x20) === 0x69
    && (line.charCodeAt(2) | 0x20) === 0x70 && line.charCodeAt(3) === 0x2f;
}

function mentionsSip(line: string): boolean {
  return startsWithSip(line) || line.includes('SIP/') || line.toUpperCase().includes('SIP/');
}

/** Parses a start line given without its line end. */
export function parseStartLine(line: string): Result<StartLine, SipRejectReason> {
  if (!mentionsSip(line)) return fail('not-sip', `first line names no SIP version: ${show(line)}`);
  let end = line.length;
  while (end > 0 && isWs(line.charCodeAt(end - 1))) end--;
  if (startsWithSip(line)) {
    if (!isVersionAt(line, 0) || !isWs(line.charCodeAt(7))) return fail('bad-start-line', `bad status line: ${show(line)}`);
    let i = 8;
    while (i < end && isWs(line.charCodeAt(i))) i++;
    const code = digits3(line, i);
    if (code < 100 || code > 699 || (i + 3 < end && !isWs(line.charCodeAt(i + 3)))) {
      return fail('bad-start-line', `bad status code: ${show(line)}`);
    }
    i += 3;
    while (i < end && isWs(line.charCodeAt(i))) i++;
    return ok({ isRequest: false, method: '', requestUri: '', statusCode: code, reasonPhrase: line.slice(i, end) });
  }
  let i = 0;
  while (i < end && !isWs(line.charCodeAt(i))) i++;
  if (!isToken(line, 0, i)) return fail('bad-start-line', `bad method: ${show(line)}`);
  const method = line.slice(0, i);
  while (i < end && isWs(line.charCodeAt(i))) i++;
  const uriStart = i;
  const sp = line.indexOf(' ', uriStart);
  const tab = line.indexOf('\t', uriStart);
  i = Math.min(sp < 0 ? end : sp, tab < 0 ? end : tab, end);
  const requestUri = line.slice(uriStart, i);
  while (i < end && isWs(line.charCodeAt(i))) i++;
  if (requestUri === '' || !hasScheme(requestUri)) return fail('bad-start-line', `bad Request-URI: ${show(line)}`);
  if (end - i !== 7 || !isVersionAt(line, i)) return fail('bad-start-line', `bad SIP version: ${show(line)}`);
  return ok({ isRequest: true, method, requestUri, statusCode: 0, reasonPhrase: '' });
}

// Three decimal digits at i as a number, or -1.
function digits3(s: string, i: number): number {
  let n = 0;
  for (let k = i; k < i + 3; k++) {
    const c = s.charCodeAt(k);
    if (!(c >= 0x30 && c <= 0x39)) return -1;
    n = n * 10 + c - 0x30;
  }
  return n;
}

// A short, quoted excerpt for the rejection detail.
function show(s: string): string {
  return JSON.stringify(s.length > 60 ? s.slice(0, 60) + '...' : s);
}
