// Wraps an inner IPv4 packet in an outer IPv4 header with protocol 4 (RFC 2003), the way an
// SBC mirrors traffic to a capture server; for tests, fixtures and replay tools.
//
//   | outer IPv4 (20 bytes, protocol 4, DF) | inner IPv4 packet, unchanged |

import { encodeIpv4, type EncodeReason } from './encode.js';
import type { Result } from '../util/result.js';

/** Encapsulates `inner` (a whole IPv4 packet) from `outerSrc` to `outerDst`. */
export function encodeIpip(
  outerSrc: string,
  outerDst: string,
  inner: Buffer,
  opts: { id?: number; ttl?: number } = {},
): Result<Buffer, EncodeReason> {
  return encodeIpv4(4, { src: outerSrc, dst: outerDst, payload: inner, ...opts });
}
