// IP-in-IP (RFC 2003) mirrored SIP, as sent by SBC "packet trace" features (see hep.md §4):
//
//   | outer IPv4, protocol 4 (IHL x4, options allowed) | inner IPv4 (IHL x4) | UDP 8 | SIP ...
//                                                                          | TCP doff x4 | SIP bytes ...
//
// Outer fragments (the IPIP packet split after encapsulation) are reassembled first, keyed by
// outer (src, dst, id, 4). Inner fragments (the original packet split before mirroring) are
// then reassembled too, keyed by inner (src, dst, id, protocol): by default in the same
// reassembler (the keys cannot collide, the protocol differs), or in `innerReassembler` to give
// them their own budget. `null` means "waiting for more fragments". Checksums are not verified.
// Inner UDP: the UDP length must lie within the inner datagram (unlike Kamailio we accept
// trailing bytes). Inner TCP: the segment payload plus sequence number and flags; framing
// SIP over TCP is the caller's job.

import { decodeIp } from './ip.js';
import type { FragmentReason, Ipv4Reassembler } from './reassembler.js';
import { decodeTcp } from './tcp.js';
import { fail, ok, type Result } from '../util/result.js';

/** Why an IPIP packet yielded no SIP transport payload. */
export type IpipReason =
  | 'not-ipip'
  | 'truncated'
  | 'bad-length'
  | 'inner-not-ipv4'
  | 'unsupported-transport'
  | FragmentReason;

/** The inner packet of an IPIP datagram; addresses and ports are the real SIP endpoints'. */
export type IpipPacket = {
  outerSrc: string;
  outerDst: string;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: 'udp' | 'tcp';
  payload: Buffer;
  /** TCP only: sequence number and flags, for SIP-over-TCP stream reassembly. */
  tcp?: { seq: number; flags: number };
};

/** Decodes an outer-IPv4/protocol-4 packet to the inner UDP or TCP payload; null while fragments are pending. */
export function decodeIpip(
  ipBuf: Buffer,
  reassembler: Ipv4Reassembler,
  nowMs: number,
  innerReassembler: Ipv4Reassembler = reassembler,
): Result<IpipPacket | null, IpipReason> {
  const o = decodeIp(ipBuf);
  if (!o.ok) {
    if (o.reason === 'bad-version') return fail('not-ipip', `outer ${o.detail}`);
    return fail(o.reason === 'truncated' ? 'truncated' : 'bad-length', `outer ${o.detail}`);
  }
  if (o.value.version !== 4) return fail('not-ipip', 'outer header is IPv6');
  if (o.value.protocol !== 4) return fail('not-ipip', `outer IPv4 protocol ${o.value.protocol}, expected 4`);
  // offer() passes whole datagrams through, but every call advances the timeout clock.
  const outerR = reassembler.offer(o.value, nowMs);
  if (!outerR.ok) return outerR;
  if (!outerR.value) return ok(null);
  const outer = outerR.value;
  const ib = outer.payload;
  if (ib.length < 1) return fail('truncated', 'outer IPv4 carries no inner packet');
  if ((ib[0] ?? 0) >> 4 !== 4) return fail('inner-not-ipv4', `inner IP version nibble ${(ib[0] ?? 0) >> 4}`);
  const i = decodeIp(ib);
  if (!i.ok) {
    // The outer packet is complete, so an inner length that does not fit is a lie, not a cut.
    const cut = i.reason === 'truncated' && ib.length < 20;
    return fail(cut ? 'truncated' : 'bad-length', `inner ${i.detail}`);
  }
  const innerR = innerReassembler.offer(i.value, nowMs);
  if (!innerR.ok) return innerR;
  if (!innerR.value) return ok(null);
  const inner = innerR.value;
  const base = { outerSrc: outer.src, outerDst: outer.dst, src: inner.src, dst: inner.dst };
  const t = inner.payload;
  if (inner.protocol === 17) {
    if (t.length < 8) return fail('truncated', `inner UDP of ${t.length} bytes < 8`);
    const len = t.readUInt16BE(4);
    if (len < 8 || len > t.length) return fail('bad-length', `inner UDP length ${len} outside 8..${t.length}`);
    return ok({ ...base, srcPort: t.readUInt16BE(0), dstPort: t.readUInt16BE(2), transport: 'udp', payload: t.subarray(8, len) });
  }
  if (inner.protocol === 6) {
    const s = decodeTcp(t);
    if (!s.ok) return fail(s.reason === 'truncated' ? 'truncated' : 'bad-length', `inner ${s.detail}`);
    const { srcPort, dstPort, seq, flags, payload } = s.value;
    return ok({ ...base, srcPort, dstPort, transport: 'tcp', payload, tcp: { seq, flags } });
  }
  return fail('unsupported-transport', `inner IPv4 protocol ${inner.protocol}`);
}
