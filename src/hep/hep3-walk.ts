// Walks the chunks of one HEP3 message (hep.md §2.1, §2.2, §5) and sorts them into known generic
// chunks (by type, last one wins) and raw ones (vendor chunks, unassigned generic types).
//
//   0    4      6                                          total
//   +----+------+--------+--------+-----+--------+          +---- ignored trailing bytes
//   |HEP3|total |vendor  |type    |len  |body    | chunk... |
//   |    |u16 BE|u16 BE  |u16 BE  |u16  |len - 6 |          |
//   +----+------+--------+--------+-----+--------+          +
//
// Every chunk must be at least 6 bytes and end inside the total length, so each step advances
// by at least 6 and the walk always terminates.

import { fail, ok, type Result } from '../util/result.js';
import { allowedSizes, chunkName, KNOWN_KINDS } from './hep3-chunks.js';
import type { HepFlag, HepRawChunk, HepRejectReason } from './types.js';

/** Known generic chunk bodies by type, plus the chunks kept raw, in wire order. */
export interface WalkedChunks {
  known: Map<number, Buffer>;
  raw: HepRawChunk[];
}

/** Splits bytes 6..total of a HEP3 message into chunks, validating lengths and fixed body sizes. */
export function walkChunks(buf: Buffer, total: number, flags: HepFlag[]): Result<WalkedChunks, HepRejectReason> {
  const known = new Map<number, Buffer>();
  const raw: HepRawChunk[] = [];
  let off = 6;
  while (off < total) {
    if (total - off < 6) {
      return fail('bad-chunk', `${total - off} stray bytes at offset ${off}, shorter than a chunk header`);
    }
    const vendor = buf.readUInt16BE(off);
    const type = buf.readUInt16BE(off + 2);
    const len = buf.readUInt16BE(off + 4);
    // The name is only for error details: built on failure, not for every chunk (hot path).
    const name = () => chunkName(vendor, type);
    if (len < 6) return fail('bad-chunk', `${name()} at offset ${off} length ${len}, below 6`);
    if (off + len > total) {
      return fail('bad-chunk', `${name()} at offset ${off} length ${len} runs past total length ${total}`);
    }
    const body = buf.subarray(off + 6, off + len);
    off += len;
    if (vendor === 0 && type === 0) return fail('bad-chunk', `${name()} at offset ${off - len} is reserved`);
    const kind = vendor === 0 ? KNOWN_KINDS.get(type) : undefined;
    if (kind === undefined) {
      raw.push({ vendor, type, body });
      continue;
    }
    const sizes = allowedSizes(kind);
    if (sizes !== undefined && !sizes.includes(body.length)) {
      return fail('bad-chunk-size', `${name()} length ${len}, expected ${sizes.map((s) => s + 6).join(' or ')}`);
    }
    if (known.has(type) && !flags.includes('duplicate-chunk')) flags.push('duplicate-chunk');
    known.set(type, body);
  }
  return ok({ known, raw });
}
