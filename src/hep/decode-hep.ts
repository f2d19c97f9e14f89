// Entry point for one HEP datagram or framed HEP3 message: picks the decoder by its first bytes
// (hep.md §0).
//
//   48 45 50 33 ("HEP3") ...  -> v3
//   01 ...                    -> v1
//   02 ...                    -> v2
//   anything else             -> 'unknown-version' ("EEP1" is not accepted as an alias)

import { fail, type Result } from '../util/result.js';
import { decodeHep12 } from './decode-hep12.js';
import { decodeHep3 } from './decode-hep3.js';
import type { HepDecodeOptions, HepPacket, HepRejectReason } from './types.js';

/** The 4-byte HEP3 protocol id. */
export const HEP3_MAGIC = Buffer.from('HEP3', 'latin1');

/** Decodes a HEP v1, v2 or v3 buffer; never throws, rejections carry a reason code and a detail. */
export function decodeHep(buf: Buffer, opts: HepDecodeOptions = {}): Result<HepPacket, HepRejectReason> {
  const head = buf.subarray(0, 4);
  if (head.equals(HEP3_MAGIC)) return decodeHep3(buf, opts);
  const first = buf[0];
  if (first === 1 || first === 2) return decodeHep12(buf, opts);
  if (buf.length < 4 && HEP3_MAGIC.subarray(0, buf.length).equals(head)) {
    return fail('truncated', `${buf.length} bytes, too short to tell the HEP version`);
  }
  return fail('unknown-version', `first bytes ${head.toString('hex').replace(/(..)(?!$)/g, '$1 ')} are neither "HEP3" nor version 1 or 2`);
}
