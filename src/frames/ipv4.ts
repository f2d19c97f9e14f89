// IPv4 header (RFC 791), all fields BE:
//
//    0       4       8              16    19                    31
//   +-------+-------+---------------+-----+---------------------+
//   |version|  IHL  |   DSCP/ECN    |        total length       |
//   +-------+-------+---------------+-----+---------------------+
//   |        identification         |flags| fragment offset (x8)|   flags: 0, DF, MF
//   +---------------+---------------+-----+---------------------+
//   |      TTL      |   protocol    |      header checksum      |
//   +---------------+---------------+---------------------------+
//   |                      source address                       |
//   |                    destination address                    |
//   |            options (IHL*4 - 20 bytes), payload ...        |
//
// The payload ends at `total length`, not at the end of the buffer: Ethernet pads short frames
// to 60 bytes. A total length of 0 is what Linux captures show for TSO/GSO packets that were
// recorded before segmentation; like Wireshark we then take the captured length.
// The header checksum is not verified (mirrored and offloaded packets often carry bad ones).

import { fail, ok, type Result } from '../util/result.js';
import { formatIpv4 } from '../util/ip-text.js';
import type { IpDatagram, IpReason } from './ip.js';

/** Decodes an IPv4 header (honouring IHL and total length) and returns its payload. */
export function decodeIpv4(buf: Buffer): Result<IpDatagram, IpReason> {
  if (buf.length < 20) return fail('truncated', `IPv4 packet of ${buf.length} bytes < 20`);
  const b0 = buf[0] ?? 0;
  if (b0 >> 4 !== 4) return fail('bad-version', `IP version nibble ${b0 >> 4}, expected 4`);
  const hlen = (b0 & 0x0f) * 4;
  if (hlen < 20) return fail('bad-header-length', `IPv4 IHL ${hlen / 4} < 5`);
  if (hlen > buf.length) return fail('truncated', `IPv4 header length ${hlen} > ${buf.length} captured bytes`);
  let total = buf.readUInt16BE(2);
  if (total === 0) total = buf.length;
  if (total < hlen) return fail('bad-length', `IPv4 total length ${total} < header length ${hlen}`);
  if (total > buf.length) return fail('truncated', `IPv4 total length ${total} > ${buf.length} captured bytes`);
  const frag = buf.readUInt16BE(6);
  return ok({
    version: 4,
    src: formatIpv4(buf, 12),
    dst: formatIpv4(buf, 16),
    protocol: buf[9] ?? 0,
    id: buf.readUInt16BE(4),
    fragOffset: (frag & 0x1fff) * 8,
    moreFragments: (frag & 0x2000) !== 0,
    payload: buf.subarray(hlen, total),
    ttl: buf[8] ?? 0,
  });
}
