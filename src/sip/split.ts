// Framing of SIP messages in a stream (TCP payload, or a stream buffer kept by a caller).
//
//   [CRLF keep-alives] start-line CRLF *(header CRLF) CRLF [body: Content-Length bytes]
//                       '--------- header section ---------'
//
// The header section ends at the first empty line; bare LF line ends are tolerated, so
// the terminator is LF [CR] LF. Content-Length (or compact `l`) gives the body length;
// on a stream an absent Content-Length means no body (RFC 3261 section 18.3).
// Both are found in one walk over the header lines, so the work per message is bounded
// by its header size, never by what follows it in the buffer.

const CONTENT_LENGTH = 'content-length';

/** Index just past the empty line ending the header section at or after `from`, or -1. */
export function findHeaderEnd(buf: Buffer, from: number): number {
  let p = from;
  for (;;) {
    const nl = buf.indexOf(0x0a, p);
    if (nl < 0) return -1;
    const next = buf[nl + 1];
    if (next === 0x0a) return nl + 2;
    if (next === 0x0d && buf[nl + 2] === 0x0a) return nl + 3;
    p = nl + 1;
  }
}

/** Index of the first byte at or after `from` that is not CR or LF (keep-alives). */
export function skipLineEnds(buf: Buffer, from: number): number {
  let i = from;
  while (i < buf.length && (buf[i] === 0x0d || buf[i] === 0x0a)) i++;
  return i;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

// Content-Length value if text[p, lineEnd) is that header (any case, or `l`); -1 if the
// line is another header, -2 if it is Content-Length with a value that is not decimal.
function contentLengthLine(text: string, p: number, lineEnd: number): number {
  const c = text.charCodeAt(p) | 0x20;
  let q = -1;
  if (c === 0x6c /* l */) q = p + 1;
  else if (c === 0x63 /* c */ && lineEnd - p > CONTENT_LENGTH.length) {
    q = p + CONTENT_LENGTH.length;
    for (let k = 1; k < CONTENT_LENGTH.length; k++) {
      if ((text.charCodeAt(p + k) | 0x20) !== CONTENT_LENGTH.charCodeAt(k)) return -1;
    }
  }
  if (q < 0) return -1;
  while (isWs(text.charCodeAt(q))) q++;
  if (text.charCodeAt(q) !== 0x3a /* : */) return -1;
  q++;
  while (q < lineEnd && isWs(text.charCodeAt(q))) q++;
  const first = q;
  let n = 0;
  while (q < lineEnd && q - first < 10) {
    const d = text.charCodeAt(q);
    if (d < 0x30 || d > 0x39) break;
    n = n * 10 + d - 0x30;
    q++;
  }
  if (q === first || q - first > 9) return -2;
  while (q < lineEnd && (isWs(text.charCodeAt(q)) || text.charCodeAt(q) === 0x0d)) q++;
  return q === lineEnd ? n : -2;
}

/** End of the message starting at text[from] (a start line, not a line end): header end
 *  plus Content-Length, possibly past text.length; -1 while the header end is missing. */
export function messageEnd(text: string, from: number): number {
  let contentLength = -1;
  let p = from;
  let startLine = true;
  for (;;) {
    const nl = text.indexOf('\n', p);
    if (nl < 0) return -1;
    if (!startLine && contentLength === -1) contentLength = contentLengthLine(text, p, nl);
    startLine = false;
    const next = text.charCodeAt(nl + 1);
    const body = contentLength > 0 ? contentLength : 0;
    if (next === 0x0a) return nl + 2 + body;
    if (next === 0x0d && text.charCodeAt(nl + 2) === 0x0a) return nl + 3 + body;
    p = nl + 1;
  }
}

/** Splits back-to-back messages; `rest` is an incomplete tail to keep for the next read.
 *  The caller bounds its stream buffer: a tail that keeps growing is not SIP. */
export function splitSipMessages(buf: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  const text = buf.toString('latin1'); // one char per byte: string indices are byte offsets
  let pos = skipLineEnds(buf, 0);
  while (pos < buf.length) {
    const end = messageEnd(text, pos);
    if (end < 0 || end > buf.length) break;
    messages.push(buf.subarray(pos, end));
    pos = skipLineEnds(buf, end);
  }
  return { messages, rest: buf.subarray(pos) };
}
