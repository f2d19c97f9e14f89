// Splits an IPv4 packet into fragments, as a router would (RFC 791 §3.2), for tests and tools:
//
//   | header (IHL*4, copied) | payload[0 .. n)      |  MF=1, offset 0
//   | header                 | payload[n .. 2n)     |  MF=1, offset n/8
//   | header                 | payload[2n .. total) |  MF=0 (or the original MF), offset 2n/8
//
// Each fragment gets its own total length and header checksum. Options are copied into every
// fragment regardless of their "copied" bit, which is fine for the synthetic packets we build.

import { fail, ok, type Result } from '../util/result.js';
import { internetChecksum } from './checksum.js';
import { decodeIpv4 } from './ipv4.js';

/** Why a packet could not be fragmented. */
export type FragmentBuildReason = 'bad-packet' | 'bad-size';

/** Splits an IPv4 packet into fragments carrying at most `chunk` payload bytes (a multiple of 8). */
export function fragmentIpv4(ipBuf: Buffer, chunk: number): Result<Buffer[], FragmentBuildReason> {
  if (!Number.isInteger(chunk) || chunk < 8 || chunk % 8 !== 0) return fail('bad-size', `chunk ${chunk} is not a positive multiple of 8`);
  const d = decodeIpv4(ipBuf);
  if (!d.ok) return fail('bad-packet', d.detail);
  const hlen = ((ipBuf[0] ?? 0) & 0x0f) * 4;
  const header = ipBuf.subarray(0, hlen);
  const base = d.value.fragOffset;
  const out: Buffer[] = [];
  const p = d.value.payload;
  for (let at = 0; at < p.length || at === 0; at += chunk) {
    const part = p.subarray(at, at + chunk);
    const last = at + chunk >= p.length;
    const f = Buffer.concat([header, part]);
    f.writeUInt16BE(hlen + part.length, 2);
    const mf = !last || d.value.moreFragments ? 0x2000 : 0;
    f.writeUInt16BE(mf | ((base + at) / 8), 6); // DF cleared: the packet is being fragmented
    f.writeUInt16BE(0, 10);
    f.writeUInt16BE(internetChecksum(f.subarray(0, hlen)), 10);
    out.push(f);
    if (last) break;
  }
  return ok(out);
}
