// IP-in-IP mirrored SIP, as sent by SBC "packet trace" features (see hep.md §4): the original
// packet whole inside an outer IP header whose protocol is 4 (IPv4 inside, RFC 2003) or 41
// (IPv6 inside, RFC 4213):
//
//   | outer IPv4 | IPv6, protocol 4 | 41 | inner IPv4 (IHL x4) | IPv6 (+ ext) | UDP 8 | SIP ...
//                                                                            | TCP doff x4 | SIP bytes ...
//
// The one IP-in-IP decoder of the frames stage: decodeIpipInner takes a whole outer datagram
// (decodeFrame already reassembled it, for the agent, import and the capture node's live
// IP-in-IP input alike); decodeIpip does the same from the outer packet's bytes. Inner fragments
// (the original packet split before mirroring) are reassembled too, keyed by inner (src, dst, id,
// protocol): in the outer packets' reassembler (the keys cannot collide, the protocol differs) or
// in one of their own. `null` means "waiting for more fragments". Checksums are not verified.
// Inner UDP: the UDP length must lie within the inner datagram, which is whole (unlike Kamailio
// we accept trailing bytes). Inner TCP: the segment payload plus sequence number and flags;
// putting SIP over TCP back together is the caller's job (SipFrameDecoder).

import { decodeIp, type IpDatagram } from './ip.js';
import type { FragmentReason, Ipv4Reassembler } from './reassembler.js';
import { decodeTcp } from './tcp.js';
import { fail, ok, type Result } from '../util/result.js';

/** Why an IPIP packet yielded no SIP transport payload. */
export type IpipReason =
  | 'not-ipip'
  | 'truncated'
  | 'bad-length'
  | 'inner-not-ipv4'
  | 'inner-not-ipv6'
  | 'unsupported-transport'
  | FragmentReason;

/** The inner packet of an IPIP datagram; addresses and ports are the real SIP endpoints'. */
export type IpipPacket = {
  outerSrc: string;
  outerDst: string;
  /** IP version of the inner packet: 4 (protocol 4) or 6 (protocol 41). */
  family: 4 | 6;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: 'udp' | 'tcp';
  payload: Buffer;
  /** TCP only: sequence number and flags, for SIP-over-TCP stream reassembly. */
  tcp?: { seq: number; flags: number };
};

/** Outer IP protocol numbers that carry a whole IP packet, with the inner version each carries. */
const INNER_VERSION: Readonly<Record<number, 4 | 6>> = { 4: 4, 41: 6 };

/** True when a whole outer datagram carries an IP packet (protocol 4 or 41). */
export function isIpip(outer: IpDatagram): boolean {
  return INNER_VERSION[outer.protocol] !== undefined;
}

/** Decodes the inner packet of a whole outer datagram to its UDP or TCP payload; null while inner fragments are pending. */
export function decodeIpipInner(outer: IpDatagram, reassembler: Ipv4Reassembler, nowMs: number): Result<IpipPacket | null, IpipReason> {
  const version = INNER_VERSION[outer.protocol];
  if (version === undefined) return fail('not-ipip', `outer IP protocol ${outer.protocol}, expected 4 or 41`);
  const ib = outer.payload;
  if (ib.length < 1) return fail('truncated', `outer IPv${outer.version} carries no inner packet`);
  const nibble = (ib[0] ?? 0) >> 4;
  if (nibble !== version) return fail(version === 4 ? 'inner-not-ipv4' : 'inner-not-ipv6', `inner IP version nibble ${nibble} under outer protocol ${outer.protocol}`);
  const i = decodeIp(ib);
  if (!i.ok) {
    // The outer packet is complete, so an inner length that does not fit is a lie, not a cut.
    const cut = i.reason === 'truncated' && ib.length < (version === 4 ? 20 : 40);
    return fail(cut ? 'truncated' : 'bad-length', `inner ${i.detail}`);
  }
  const innerR = reassembler.offer(i.value, nowMs);
  if (!innerR.ok) return innerR;
  if (!innerR.value) return ok(null);
  const inner = innerR.value;
  const base = { outerSrc: outer.src, outerDst: outer.dst, family: version, src: inner.src, dst: inner.dst };
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
  return fail('unsupported-transport', `inner IPv${version} protocol ${inner.protocol}`);
}

/** Decodes an outer IP packet (protocol 4 or 41) to the inner UDP or TCP payload; null while fragments are pending. */
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
  if (!isIpip(o.value)) return fail('not-ipip', `outer IPv${o.value.version} protocol ${o.value.protocol}, expected 4 or 41`);
  // offer() passes whole datagrams through, but every call advances the timeout clock.
  const outerR = reassembler.offer(o.value, nowMs);
  if (!outerR.ok) return outerR;
  if (!outerR.value) return ok(null);
  return decodeIpipInner(outerR.value, innerReassembler, nowMs);
}
