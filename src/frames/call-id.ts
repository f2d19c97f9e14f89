// The Call-ID of a captured SIP message, found with the SIP parser's own start-line and
// header scan but without building the stored fields: the frames stage needs it to tell SIP
// from other traffic the filter caught, and the agent to pick a capture node (one call, one node).
//
//   [CRLF...] start-line LF header ... Call-ID: <value> ... LF [CR] LF body
//             parseStartLine    scanHeaders (no wishes)        never read
import { fail, ok, type Result } from '../util/result.js';
import { H } from '../sip/header-names.js';
import { scanHeaders } from '../sip/headers.js';
import { findHeaderEnd, skipLineEnds } from '../sip/split.js';
import { parseStartLine } from '../sip/start-line.js';
import type { SipRejectReason } from '../sip/index.js';

const LIMITS = { maxHeaders: 256, maxLineBytes: 16_384 };

/** The Call-ID of one SIP message, or why the bytes are not a SIP message with one. */
export function sipCallId(buf: Buffer): Result<string, SipRejectReason> {
  const start = skipLineEnds(buf, 0);
  if (start >= buf.length) return fail('not-sip', buf.length === 0 ? 'empty payload' : 'only line ends (keep-alive)');
  const end = findHeaderEnd(buf, start);
  // latin1: one char per byte; the value only feeds a hash, so no UTF-8 decoding is needed.
  const text = buf.toString('latin1', start, end < 0 ? buf.length : end);
  const nl = text.indexOf('\n');
  if (nl < 0 || nl > LIMITS.maxLineBytes) return fail('not-sip', 'no complete first line');
  const line = text.charCodeAt(nl - 1) === 0x0d ? text.slice(0, nl - 1) : text.slice(0, nl);
  const sl = parseStartLine(line);
  if (!sl.ok) return sl;
  const scan = scanHeaders(text, nl + 1, LIMITS, []);
  if (!scan.ok) return scan;
  const callId = scan.value.values[H.CallId];
  if (callId === undefined || callId === '') return fail('no-call-id', callId === undefined ? 'no Call-ID header' : 'empty Call-ID');
  return ok(callId);
}
