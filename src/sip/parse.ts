// parseSip: validate one SIP message and extract the fields that are stored and searched.
//
//   [CRLF...] start-line LF header-section LF [CR] LF body
//   ^ skipped  '----------- decoded as text ----------' '- Buffer view, Content-Length bytes
//
// The text is scanned as latin1 (one char per byte, so offsets are byte offsets); a
// header section with non-ASCII bytes is decoded again as UTF-8 (invalid bytes become
// U+FFFD) before fields are cut. The body stays a view into the input, never a string.
// Nothing here throws or logs.

import { isAscii } from 'node:buffer';
import { fail, ok, type Result } from '../util/result.js';
import { sipFields, smallInt } from './fields.js';
import { H } from './header-names.js';
import { prepareWishes, scanHeaders } from './headers.js';
import { findHeaderEnd, skipLineEnds } from './split.js';
import { parseStartLine } from './start-line.js';
import type { SipMessage, SipParseOptions, SipRejectReason } from './types.js';

const DEFAULT_MAX_BYTES = 65536;
const DEFAULT_MAX_HEADERS = 256;
const DEFAULT_MAX_LINE_BYTES = 16384;
// Payloads up to this size are decoded whole in one go; larger ones only up to the
// header end found on the bytes, so a big body is never turned into a string.
const DECODE_WHOLE_BYTES = 8192;

// Leading keep-alives and the header section (with its empty line) of a large payload,
// as latin1 text.
function headerText(buf: Buffer): string {
  const end = findHeaderEnd(buf, skipLineEnds(buf, 0));
  return buf.toString('latin1', 0, end < 0 ? buf.length : end);
}

// The start line in text[start, nl) without its CR.
function startLineOf(text: string, start: number, nl: number): string {
  let end = nl < 0 ? text.length : nl;
  if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
  return text.slice(start, end);
}

/** Validates one SIP message in `buf` and extracts its searchable fields. */
export function parseSip(buf: Buffer, opts: SipParseOptions): Result<SipMessage, SipRejectReason> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (buf.length > maxBytes) return fail('too-large', `${buf.length} bytes > ${maxBytes}`);
  const wishes = prepareWishes(opts);
  const limits = { maxHeaders: opts.maxHeaders ?? DEFAULT_MAX_HEADERS, maxLineBytes };
  let text = buf.length <= DECODE_WHOLE_BYTES ? buf.toString('latin1') : headerText(buf);
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 0x0d || text.charCodeAt(start) === 0x0a)) start++;
  if (start >= text.length) return fail('not-sip', buf.length === 0 ? 'empty payload' : 'only line ends');
  const nl = text.indexOf('\n', start);
  if ((nl < 0 ? text.length : nl) - start > maxLineBytes) return fail('not-sip', `first line longer than ${maxLineBytes} bytes`);
  let sl = parseStartLine(startLineOf(text, start, nl));
  if (!sl.ok) return sl;
  let scan = scanHeaders(text, nl < 0 ? text.length : nl + 1, limits, wishes);
  if (!scan.ok) return scan;
  const hdrEnd = scan.value.end;
  const textEnd = hdrEnd < 0 ? text.length : hdrEnd;
  if (!isAscii(buf.subarray(start, textEnd))) {
    text = buf.toString('utf8', start, textEnd);
    const nl8 = text.indexOf('\n');
    sl = parseStartLine(startLineOf(text, 0, nl8));
    if (!sl.ok) return sl;
    scan = scanHeaders(text, nl8 < 0 ? text.length : nl8 + 1, limits, wishes);
    if (!scan.ok) return scan;
  }
  const v = scan.value.values;
  const callId = v[H.CallId];
  if (callId === undefined || callId === '') return fail('no-call-id', callId === undefined ? 'no Call-ID header' : 'empty Call-ID');

  const contentLength = smallInt(v[H.ContentLength]);
  let body: Buffer;
  let truncated = false;
  if (hdrEnd < 0) {
    body = buf.subarray(buf.length);
    truncated = true;
  } else if (contentLength !== undefined && contentLength <= buf.length - hdrEnd) {
    body = buf.subarray(hdrEnd, hdrEnd + contentLength);
  } else {
    body = buf.subarray(hdrEnd);
    truncated = contentLength !== undefined;
  }
  if (truncated && opts.rejectTruncated === true) {
    return fail('truncated-body', hdrEnd < 0 ? 'no empty line after the headers' : `Content-Length ${contentLength} > ${body.length} body bytes`);
  }

  return ok(sipFields(sl.value, scan.value, callId, body, truncated, contentLength));
}
