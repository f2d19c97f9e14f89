// UDP header (RFC 768), BE:
//
//   0            2            4            6            8
//   | src port   | dst port   | length     | checksum   | payload ...
//
// `length` includes the 8-byte header. It is trusted when 8 <= length <= buffer (the IP layer
// has already trimmed the buffer to the datagram); otherwise (0 for jumbograms/GSO, or a lying
// value) the payload runs to the end of the buffer. The checksum is not verified.

import { fail, ok, type Result } from '../util/result.js';

/** Why bytes were not accepted as a UDP datagram. */
export type UdpReason = 'truncated';

/** A decoded UDP datagram; `payload` is a view into the input. */
export type UdpDatagram = { srcPort: number; dstPort: number; payload: Buffer };

/** Decodes a UDP header and returns ports and payload. */
export function decodeUdp(buf: Buffer): Result<UdpDatagram, UdpReason> {
  if (buf.length < 8) return fail('truncated', `UDP datagram of ${buf.length} bytes < 8`);
  const len = buf.readUInt16BE(4);
  const end = len >= 8 && len <= buf.length ? len : buf.length;
  return ok({ srcPort: buf.readUInt16BE(0), dstPort: buf.readUInt16BE(2), payload: buf.subarray(8, end) });
}
