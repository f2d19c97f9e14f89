// A plain-text export of a call or a result set, for reading and for pasting into a
// ticket. Per message, in capture order:
//
//   2025-11-24 09:00:00.123456 UTC  10.0.0.1:5060 -> 10.0.0.2:5060  UDP  berlin
//   INVITE sip:0211234567@10.0.0.2 SIP/2.0
//   Via: ...
//
// then a blank line before the next message. Times are always UTC with the zone written.
// Line ends become "\n" and the payload is decoded as UTF-8 (invalid bytes become U+FFFD);
// other control characters are written as \xHH, because SIP content is untrusted and a
// terminal would act on escape sequences hidden in a header.
import { compareRows } from '../../flow/merge-legs.js';
import { hostKey } from '../../flow/alias-lookup.js';
import type { MessageRow } from '../../store/types.js';
import { utcText } from './utc-time.js';

// C0 controls except tab and line feed, DEL, and C1 controls: Unicode's Cc category is
// exactly U+0000-001F, U+007F and U+0080-009F.
const CONTROL = /[^\P{Cc}\t\n]/gu;

/** The payload as readable text: UTF-8, "\n" line ends, control characters escaped, no trailing blank lines. */
export function readablePayload(payload: Buffer): string {
  const text = payload
    .toString('utf8')
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return withoutTrailingLineFeeds(text);
}

// A loop, not .replace(/\n+$/, ''): the engine tries that pattern from every offset, and a
// long run of line feeds that is not at the end (untrusted SIP) made it quadratic.
function withoutTrailingLineFeeds(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x0a) end--;
  return s.slice(0, end);
}

/** The header line of one message: time, endpoints, transport, capture location. */
export function messageHeading(row: MessageRow): string {
  const route = `${hostKey(row.srcIp, row.srcPort)} -> ${hostKey(row.dstIp, row.dstPort)}`;
  return `${utcText(row.ts)}  ${route}  ${row.transport.toUpperCase()}  ${row.location}`;
}

/** Every row as a heading line plus its text, oldest first, messages separated by blank lines. */
export function exportText(rows: readonly MessageRow[]): string {
  const blocks = [...rows].sort(compareRows).map((r) => `${messageHeading(r)}\n${readablePayload(r.payload)}\n`);
  return blocks.join('\n');
}
