// Wraps an inner IP packet in an outer IPv4 header, the way an SBC mirrors traffic to a
// capture server: protocol 4 for an inner IPv4 packet (RFC 2003), 41 for an inner IPv6 one
// (RFC 4213); for tests, fixtures and replay tools.
//
//   | outer IPv4 (20 bytes, protocol 4 | 41, DF) | inner IPv4 | IPv6 packet, unchanged |

import { encodeIpv4, type EncodeReason } from './encode.js';
import type { Result } from '../util/result.js';

/** Encapsulates `inner` (a whole IPv4 or IPv6 packet) from `outerSrc` to `outerDst`. */
export function encodeIpip(
  outerSrc: string,
  outerDst: string,
  inner: Buffer,
  opts: { id?: number; ttl?: number } = {},
): Result<Buffer, EncodeReason> {
  const protocol = (inner[0] ?? 0) >> 4 === 6 ? 41 : 4;
  return encodeIpv4(protocol, { src: outerSrc, dst: outerDst, payload: inner, ...opts });
}
