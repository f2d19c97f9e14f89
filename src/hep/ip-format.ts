// IPv4/IPv6 address bytes <-> text, and MAC bytes <-> text.
//
//   IPv4: 4 bytes, network order        -> "10.0.0.1"
//   IPv6: 16 bytes = 8 x u16 BE groups  -> "2001:db8::1"
//
// IPv6 text follows the WHATWG URL serializer (what `new URL('http://[..]').hostname` prints):
// lowercase hex, no leading zeros, the first longest run of >= 2 zero groups becomes "::", and
// no dotted-quad tail (so ::ffff:10.0.0.1 prints as ::ffff:a00:1). RFC 5952 differs only there.

import { isIPv4, isIPv6 } from 'node:net';

/** Formats 4 bytes at `off` as a dotted IPv4 address. */
export function formatIpv4(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** Formats 16 bytes at `off` as a compressed IPv6 address. */
export function formatIpv6(buf: Buffer, off: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(buf.readUInt16BE(off + i * 2));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((n) => n.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Parses dotted IPv4 text into 4 bytes, or undefined if it is not IPv4. */
export function parseIpv4(text: string): Buffer | undefined {
  if (!isIPv4(text)) return undefined;
  return Buffer.from(text.split('.').map(Number));
}

/** Parses IPv6 text (with "::" and an optional dotted-quad tail, no zone id) into 16 bytes. */
export function parseIpv6(text: string): Buffer | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return [];
        out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
      } else {
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf('::');
  const head = toGroups(gap < 0 ? text : text.slice(0, gap));
  const tail = gap < 0 ? [] : toGroups(text.slice(gap + 2));
  const zeros = 8 - head.length - tail.length;
  if (zeros < 0 || (gap < 0 && zeros !== 0)) return undefined;
  const out = Buffer.alloc(16);
  [...head, ...new Array<number>(zeros).fill(0), ...tail].forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Formats a 6-byte MAC at `off` as lowercase "aa:bb:cc:dd:ee:ff". */
export function formatMac(buf: Buffer, off: number): string {
  return buf.subarray(off, off + 6).toString('hex').replace(/(..)(?!$)/g, '$1:');
}

/** Parses "aa:bb:cc:dd:ee:ff" (any case) into 6 bytes, or undefined. */
export function parseMac(text: string): Buffer | undefined {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text)) return undefined;
  return Buffer.from(text.replace(/:/g, ''), 'hex');
}
