// IPv6 header (RFC 8200) and the extension headers skipped to reach the upper layer:
//
//    0       4              12                    31
//   +-------+---------------+---------------------+
//   |version| traffic class |      flow label     |
//   +-------+---------------+-----+---------------+
//   |       payload length        | next hdr | hop limit |
//   +-----------------------------+----------+-----------+
//   |            source address (16 bytes)              |
//   |          destination address (16 bytes)           |   payload starts at 40
//
// Extension headers:  | next hdr 1 | len 1 | ... |
//   0 hop-by-hop, 43 routing, 60 destination options: length = (len + 1) * 8
//   51 authentication header:                          length = (len + 2) * 4
//   44 fragment (8 bytes): | next 1 | res 1 | offset 13 bits (x8) | res 2 | M 1 | id 4 |
// After a real fragment header (offset > 0 or M set) the rest is fragment data: decoding stops
// and `protocol` is the fragment header's next header. A payload length of 0 (jumbogram or a
// TSO capture) means "to the end of the captured bytes".

import { fail, ok, type Result } from '../util/result.js';
import { formatIpv6 } from '../util/ip-text.js';
import type { IpDatagram, IpReason } from './ip.js';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTS = 60;

/** Decodes an IPv6 header, skips extension headers, and returns the upper-layer payload. */
export function decodeIpv6(buf: Buffer): Result<IpDatagram, IpReason> {
  if (buf.length < 40) return fail('truncated', `IPv6 packet of ${buf.length} bytes < 40`);
  const v = (buf[0] ?? 0) >> 4;
  if (v !== 6) return fail('bad-version', `IP version nibble ${v}, expected 6`);
  const plen = buf.readUInt16BE(4);
  const end = plen === 0 ? buf.length : 40 + plen;
  if (end > buf.length) return fail('truncated', `IPv6 payload length ${plen} > ${buf.length - 40} captured bytes`);
  let next = buf[6] ?? 0;
  let off = 40;
  let id = 0;
  let fragOffset = 0;
  let moreFragments = false;
  // Every extension header is at least 8 bytes long, so this loop always advances.
  for (;;) {
    if (next === HOP_BY_HOP || next === ROUTING || next === DEST_OPTS || next === AUTH) {
      if (off + 8 > end) return fail('truncated', `IPv6 extension header ${next} at ${off} runs past ${end}`);
      const len = next === AUTH ? ((buf[off + 1] ?? 0) + 2) * 4 : ((buf[off + 1] ?? 0) + 1) * 8;
      if (off + len > end) return fail('bad-length', `IPv6 extension header ${next} length ${len} at ${off} runs past ${end}`);
      next = buf[off] ?? 0;
      off += len;
    } else if (next === FRAGMENT) {
      if (off + 8 > end) return fail('truncated', `IPv6 fragment header at ${off} runs past ${end}`);
      const fo = buf.readUInt16BE(off + 2);
      next = buf[off] ?? 0;
      fragOffset = fo & 0xfff8;
      moreFragments = (fo & 1) !== 0;
      id = buf.readUInt32BE(off + 4);
      off += 8;
      if (fragOffset > 0 || moreFragments) break; // the rest is fragment data
    } else {
      break;
    }
  }
  return ok({
    version: 6,
    src: formatIpv6(buf, 8),
    dst: formatIpv6(buf, 24),
    protocol: next,
    id,
    fragOffset,
    moreFragments,
    payload: buf.subarray(off, end),
    ttl: buf[7] ?? 0,
  });
}
