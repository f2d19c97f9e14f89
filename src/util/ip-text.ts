// The address module (ip-address.ts) for Node callers: the same formatters and canonical
// text, and parsers that return Buffers, for code that copies address bytes into packets.
// The logic lives once, in ip-address.ts, which the web build shares.
import { parseIp as parseIpBytes, parseIpv4 as parseIpv4Bytes, parseIpv6 as parseIpv6Bytes } from './ip-address.js';

export { canonicalIpText, formatIp, formatIpv4, formatIpv6, isIpv4Mapped } from './ip-address.js';

/** The bytes as a Buffer over the same memory, or null. */
const asBuffer = (b: Uint8Array | null): Buffer | null => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : null);

/** Parses a strict dotted quad ("10.0.0.1", no leading zeros) into 4 bytes, or null. */
export function parseIpv4(s: string): Buffer | null {
  return asBuffer(parseIpv4Bytes(s));
}

/** Parses IPv6 text in any RFC 4291 spelling (any case, "::", an IPv4 tail, an ignored "%zone") into 16 bytes, or null. */
export function parseIpv6(s: string): Buffer | null {
  return asBuffer(parseIpv6Bytes(s));
}

/** Parses an IPv4 or IPv6 address as typed (surrounding blanks and [brackets] allowed) into 4 or 16 bytes, or null. */
export function parseIp(text: string): Buffer | null {
  return asBuffer(parseIpBytes(text));
}
