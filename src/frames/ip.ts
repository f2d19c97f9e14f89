// IP datagram model shared by the IPv4 and IPv6 decoders, and the version dispatch.
//
//   byte 0: | version 4 bits | ... |   4 -> ipv4.ts, 6 -> ipv6.ts, anything else -> 'bad-version'

import { fail, type Result } from '../util/result.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/** Why bytes were not accepted as an IP datagram. */
export type IpReason = 'truncated' | 'bad-version' | 'bad-header-length' | 'bad-length';

/**
 * One decoded IP datagram (or fragment). `fragOffset` is in bytes; `id` is the IPv4 id or the
 * IPv6 fragment-header id (0 without one); `ttl` is the IPv6 hop limit for v6. `payload` is a
 * view into the input, trimmed to the length the header declares (so Ethernet padding is gone).
 */
export type IpDatagram = {
  version: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  id: number;
  fragOffset: number;
  moreFragments: boolean;
  payload: Buffer;
  ttl: number;
};

/** Decodes an IPv4 or IPv6 header (by the version nibble) and returns its payload. */
export function decodeIp(buf: Buffer): Result<IpDatagram, IpReason> {
  if (buf.length < 1) return fail('truncated', 'empty IP packet');
  const v = (buf[0] ?? 0) >> 4;
  if (v === 4) return decodeIpv4(buf);
  if (v === 6) return decodeIpv6(buf);
  return fail('bad-version', `IP version nibble ${v}`);
}

/** True when the datagram is a fragment (not the whole datagram). */
export function isFragment(d: IpDatagram): boolean {
  return d.moreFragments || d.fragOffset > 0;
}
