// Entry point for encoding a HepPacket as HEP v1, v2 or v3 bytes; see encode-hep12.ts and
// encode-hep3.ts for the layouts. decodeHep(encodeHep(p, p.version)) gives p back for any
// packet the chosen version can carry.

import { fail, type Result } from '../util/result.js';
import { encodeHep12 } from './encode-hep12.js';
import { encodeHep3 } from './encode-hep3.js';
import type { HepEncodeOptions, HepEncodeReason, HepPacket, HepVersion } from './types.js';

/** Encodes a packet in the given HEP version; never throws, bad fields come back as rejections. */
export function encodeHep(packet: HepPacket, version: HepVersion, opts: HepEncodeOptions = {}): Result<Buffer, HepEncodeReason> {
  if (version === 3) return encodeHep3(packet, opts);
  // The type rules out any other version, but callers in JSON do not: refused, not thrown.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
  if (version === 1 || version === 2) return encodeHep12(packet, version);
  return fail('bad-field', `version ${String(version)}, expected 1, 2 or 3`);
}
