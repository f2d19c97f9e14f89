// One captured frame down to its transport payload, for the common capture/import path:
//
//   link header (decodeLink) -> IPv4/IPv6 (decodeIp) -> [fragment reassembly] -> UDP | TCP | other
//
// Fragments: with a reassembler, non-final fragments yield reason 'fragment-pending' (not an
// error: count it apart) and the frame that completes the datagram yields the whole thing.
// Without one, any fragment is rejected as 'fragmented'. IP-in-IP (protocol 4 or 41) comes back as
// transport 'other' with the inner packet as payload; decodeIpipInner (ipip.ts) takes it further.

import { fail, ok, type Result } from '../util/result.js';
import { decodeIp, isFragment, type IpDatagram, type IpReason } from './ip.js';
import { decodeLink, type LinkReason } from './link.js';
import type { FragmentReason, Ipv4Reassembler } from './reassembler.js';
import { decodeTcp, type TcpReason } from './tcp.js';
import { decodeUdp } from './udp.js';

/** Why a frame yielded no transport payload. */
export type FrameReason = LinkReason | IpReason | TcpReason | FragmentReason | 'fragment-pending' | 'fragmented';

/** A frame decoded to its transport payload; ports are 0 for transport 'other'. */
export type DecodedFrame = {
  ip: IpDatagram;
  transport: 'udp' | 'tcp' | 'other';
  srcPort: number;
  dstPort: number;
  payload: Buffer;
  /** TCP only: sequence number and flags (see TcpFlag), for stream reassembly by the caller. */
  tcp?: { seq: number; flags: number };
  /** Outermost 802.1Q/ad VLAN id, when the link layer had one. */
  vlanId?: number;
};

/**
 * Decodes link, IP and UDP/TCP headers of one frame. `nowMs` (e.g. the frame's capture time)
 * drives fragment timeouts; without it the reassembler's last-seen time is used.
 */
export function decodeFrame(
  linkType: number,
  data: Buffer,
  reassembler?: Ipv4Reassembler,
  nowMs?: number,
): Result<DecodedFrame, FrameReason> {
  const link = decodeLink(linkType, data);
  if (!link.ok) return link;
  const ipr = decodeIp(link.value.ipBuf);
  if (!ipr.ok) return ipr;
  let ip = ipr.value;
  if (reassembler) {
    // offer() passes whole datagrams through, but every call advances the timeout clock.
    const r = reassembler.offer(ip, nowMs ?? reassembler.nowMs);
    if (!r.ok) return r;
    if (!r.value) return fail('fragment-pending', `fragment of ${ip.src}->${ip.dst} id ${ip.id} at ${ip.fragOffset} held`);
    ip = r.value;
  } else if (isFragment(ip)) {
    return fail('fragmented', `fragment of ${ip.src}->${ip.dst} id ${ip.id} at ${ip.fragOffset} and no reassembler`);
  }
  const vlan = link.value.vlanId === undefined ? {} : { vlanId: link.value.vlanId };
  if (ip.protocol === 17) {
    const u = decodeUdp(ip.payload);
    if (!u.ok) return u;
    return ok({ ip, transport: 'udp', srcPort: u.value.srcPort, dstPort: u.value.dstPort, payload: u.value.payload, ...vlan });
  }
  if (ip.protocol === 6) {
    const t = decodeTcp(ip.payload);
    if (!t.ok) return t;
    const { srcPort, dstPort, seq, flags, payload } = t.value;
    return ok({ ip, transport: 'tcp', srcPort, dstPort, payload, tcp: { seq, flags }, ...vlan });
  }
  return ok({ ip, transport: 'other', srcPort: 0, dstPort: 0, payload: ip.payload, ...vlan });
}
