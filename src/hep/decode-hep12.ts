// HEP v1 / v2 decoder (hep.md §1). No written spec: the layout is the C structs of Kamailio,
// OpenSIPS and captagent, copied with natural alignment (hence 2 padding bytes in v2).
//
//   0       1       2        3        4        6        8
//   +-------+-------+--------+--------+--------+--------+------------------------------+
//   | ver   | hp_l  | family | ip     | sport  | dport  | src ip, dst ip               |
//   | 1|2   | (any) | 2 | 10 | proto  | u16 BE | u16 BE | 4+4 (IPv4) or 16+16 (IPv6)   |
//   +-------+-------+--------+--------+--------+--------+------------------------------+
//   v2 only, right after the addresses (offset 16 or 40):
//   +----------------+----------------+------------------+-------+
//   | tv_sec u32 LE  | tv_usec u32 LE | capture id u16 LE| pad 2 |
//   +----------------+----------------+------------------+-------+
//   payload from offset 16/40 (v1) or 28/52 (v2) to the end of the datagram; no length field.
//
// Offsets come from version and family only; hp_l disagrees between senders (16/40 vs 28/52) and
// is only flagged. The time block is read little-endian as every C sender writes it, with no BE
// fallback. The family check is what keeps STUN (01 01 ...) and similar traffic out.

import { fail, ok, type Result } from '../util/result.js';
import { formatIpv4, formatIpv6 } from '../util/ip-text.js';
import { payloadLimit, type HepDecodeOptions, type HepFlag, type HepPacket, type HepRejectReason } from './types.js';

const USUAL_HP_L = new Set([16, 40, 28, 52]);

/** Decodes a HEP v1 or v2 datagram (first byte 1 or 2). */
export function decodeHep12(buf: Buffer, opts: HepDecodeOptions = {}): Result<HepPacket, HepRejectReason> {
  const version = buf[0] === 2 ? 2 : 1;
  if (buf.length < 3) return fail('truncated', `v${version} datagram of ${buf.length} bytes has no family byte`);
  const familyByte = buf[2] ?? 0;
  if (familyByte !== 2 && familyByte !== 10) {
    return fail('bad-family', `v${version} family byte ${familyByte}, expected 2 (AF_INET) or 10 (AF_INET6)`);
  }
  const family = familyByte === 2 ? 4 : 6;
  const addrLen = family === 4 ? 4 : 16;
  const timeOff = 8 + 2 * addrLen;
  const payloadOff = timeOff + (version === 2 ? 12 : 0);
  if (buf.length < payloadOff) {
    return fail('truncated', `v${version}/IPv${family} needs ${payloadOff} bytes before the payload, got ${buf.length}`);
  }
  if (opts.authKey !== undefined) return fail('auth-failed', `v${version} cannot carry an auth key`);
  const payload = buf.subarray(payloadOff);
  if (payload.length === 0) return fail('no-payload', `v${version} datagram ends at the payload offset ${payloadOff}`);
  const max = payloadLimit(opts);
  if (payload.length > max) return fail('too-large', `payload of ${payload.length} bytes, limit ${max}`);

  const flags: HepFlag[] = [];
  const hpL = buf[1] ?? 0;
  if (!USUAL_HP_L.has(hpL)) flags.push('hp_l-unusual');
  const format = family === 4 ? formatIpv4 : formatIpv6;
  const packet: HepPacket = {
    version,
    family,
    ipProtocol: buf[3] ?? 0,
    srcIp: format(buf, 8),
    dstIp: format(buf, 8 + addrLen),
    srcPort: buf.readUInt16BE(4),
    dstPort: buf.readUInt16BE(6),
    protoType: 1,
    payload,
    compressed: false,
    unknownChunks: [],
    flags,
  };
  if (version === 2) {
    packet.tsSec = buf.readUInt32LE(timeOff);
    packet.tsUsec = buf.readUInt32LE(timeOff + 4);
    packet.captureId = buf.readUInt16LE(timeOff + 8);
    if (packet.tsUsec >= 1_000_000) flags.push('usec-overflow');
  }
  return ok(packet);
}
