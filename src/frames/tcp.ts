// TCP header (RFC 9293), BE:
//
//   0            2            4                         8                        12
//   | src port   | dst port   | sequence number         | acknowledgment number  |
//   12                 13           14           16           18           20
//   | doff 4 | rsv 3 | NS | flags 8 | window     | checksum   | urgent ptr | options ... | payload
//
// doff is the header length in 32-bit words (>= 5). `flags` here is the 9-bit field
// NS CWR ECE URG ACK PSH RST SYN FIN (FIN = 0x01). The checksum is not verified.

import { fail, ok, type Result } from '../util/result.js';

/** Why bytes were not accepted as a TCP segment. */
export type TcpReason = 'truncated' | 'bad-header-length';

/** A decoded TCP segment; `payload` is a view into the input. */
export type TcpSegment = { srcPort: number; dstPort: number; seq: number; ack: number; flags: number; payload: Buffer };

/** TCP flag bits as found in TcpSegment.flags. */
export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** Decodes a TCP header (honouring the data offset) and returns ports, sequence, flags and payload. */
export function decodeTcp(buf: Buffer): Result<TcpSegment, TcpReason> {
  if (buf.length < 20) return fail('truncated', `TCP segment of ${buf.length} bytes < 20`);
  const doff = ((buf[12] ?? 0) >> 4) * 4;
  if (doff < 20) return fail('bad-header-length', `TCP data offset ${doff / 4} < 5`);
  if (doff > buf.length) return fail('truncated', `TCP header length ${doff} > ${buf.length} bytes`);
  return ok({
    srcPort: buf.readUInt16BE(0),
    dstPort: buf.readUInt16BE(2),
    seq: buf.readUInt32BE(4),
    ack: buf.readUInt32BE(8),
    flags: (((buf[12] ?? 0) & 1) << 8) | (buf[13] ?? 0),
    payload: buf.subarray(doff),
  });
}
