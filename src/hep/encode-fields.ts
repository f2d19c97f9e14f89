// Field checks shared by the v1/v2 and v3 encoders: every number must fit its wire field and
// every address must parse in the packet's family, or the encoder returns 'bad-field' /
// 'bad-address' instead of writing truncated bytes.

import { fail, ok, type Result } from '../util/result.js';
import { parseIpv4, parseIpv6 } from '../util/ip-text.js';
import type { HepEncodeReason, HepPacket } from './types.js';

/** Address bytes of the packet, 4 or 16 each. */
export interface EncodedAddresses {
  family: 4 | 6;
  src: Buffer;
  dst: Buffer;
}

/** Parses srcIp/dstIp in the packet's family. */
export function encodeAddresses(p: HepPacket): Result<EncodedAddresses, HepEncodeReason> {
  // The encoder refuses what the type rules out too: packets also come from JSON and fuzzing.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
  if (p.family !== 4 && p.family !== 6) return fail('bad-field', `family ${String(p.family)}, expected 4 or 6`);
  // HEP carries 4 or 16 bytes and no zone: an address with a zone id is refused, not cut.
  const parse = (t: string) => (t.includes('%') ? null : p.family === 4 ? parseIpv4(t) : parseIpv6(t));
  const src = typeof p.srcIp === 'string' ? parse(p.srcIp) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- srcIp may not be a string (see above)
  if (!src) return fail('bad-address', `srcIp "${String(p.srcIp)}" is not an IPv${p.family} address`);
  const dst = typeof p.dstIp === 'string' ? parse(p.dstIp) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- dstIp may not be a string (see above)
  if (!dst) return fail('bad-address', `dstIp "${String(p.dstIp)}" is not an IPv${p.family} address`);
  return ok({ family: p.family, src, dst });
}

/** Returns a 'bad-field' detail if `value` is not an integer that fits in `bits` unsigned bits. */
export function badUint(name: string, value: unknown, bits: 8 | 16 | 32): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** bits) return undefined;
  return `${name} ${String(value)} does not fit in u${bits}`;
}

/** The first bad-field detail among [name, value, bits] triples, if any. */
export function firstBadUint(fields: [string, unknown, 8 | 16 | 32][]): string | undefined {
  for (const [name, value, bits] of fields) {
    const bad = badUint(name, value, bits);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
