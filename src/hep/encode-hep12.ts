// HEP v1 / v2 encoder (hep.md §1.2, §1.3, §1.8).
//
//   ver | hp_l=16/40 | family 2/10 | ip proto | sport BE | dport BE | src | dst
//   [v2: sec u32 LE | usec u32 LE | capture id u16 LE | 00 00] | payload
//
// hp_l is written as 16 (IPv4) / 40 (IPv6) for both versions: the Kamailio/OpenSIPS/captagent
// convention and the only value OpenSIPS accepts. v1/v2 cannot carry v3-only fields (auth,
// correlation, node name, extras, raw chunks, compression); they are dropped. Missing v2 time or
// capture id is written as 0.

import { fail, ok, type Result } from '../util/result.js';
import { encodeAddresses, firstBadUint } from './encode-fields.js';
import type { HepEncodeReason, HepPacket } from './types.js';

/** Largest UDP payload over IPv4; v1/v2 travel over UDP only. */
export const MAX_UDP_PAYLOAD = 65507;

/** Encodes a packet as HEP v1 or v2. */
export function encodeHep12(p: HepPacket, version: 1 | 2): Result<Buffer, HepEncodeReason> {
  const addrs = encodeAddresses(p);
  if (!addrs.ok) return addrs;
  const { family, src, dst } = addrs.value;
  const bad = firstBadUint([
    ['ipProtocol', p.ipProtocol, 8],
    ['srcPort', p.srcPort, 16],
    ['dstPort', p.dstPort, 16],
    ...(version === 2
      ? ([
          ['tsSec', p.tsSec ?? 0, 32],
          ['tsUsec', p.tsUsec ?? 0, 32],
          ['captureId', p.captureId ?? 0, 16],
        ] as [string, unknown, 8 | 16 | 32][])
      : []),
  ]);
  if (bad !== undefined) return fail('bad-field', bad);
  if (!Buffer.isBuffer(p.payload) || p.payload.length === 0) return fail('no-payload', 'payload is empty');
  const timeOff = 8 + src.length * 2;
  const payloadOff = timeOff + (version === 2 ? 12 : 0);
  const size = payloadOff + p.payload.length;
  if (size > MAX_UDP_PAYLOAD) return fail('too-large', `v${version} datagram of ${size} bytes, UDP limit ${MAX_UDP_PAYLOAD}`);

  const out = Buffer.alloc(size);
  out[0] = version;
  out[1] = timeOff;
  out[2] = family === 4 ? 2 : 10;
  out[3] = p.ipProtocol;
  out.writeUInt16BE(p.srcPort, 4);
  out.writeUInt16BE(p.dstPort, 6);
  src.copy(out, 8);
  dst.copy(out, 8 + src.length);
  if (version === 2) {
    out.writeUInt32LE(p.tsSec ?? 0, timeOff);
    out.writeUInt32LE(p.tsUsec ?? 0, timeOff + 4);
    out.writeUInt16LE(p.captureId ?? 0, timeOff + 8);
  }
  p.payload.copy(out, payloadOff);
  return ok(out);
}
