// Builds pcapng blocks byte by byte (layouts in pcapng.ts), in either byte order. Tests use it
// to hand-build files the reader must accept or reject; a pcapng export could grow from it.
//
//   | block type 4 | total length 4 | body, zero-padded to 4 | total length 4 |

/** Byte order of a section: true = little-endian. */
export type Le = boolean;

function u16(le: Le, v: number): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(v & 0xffff);
  else b.writeUInt16BE(v & 0xffff);
  return b;
}

function u32(le: Le, v: number): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}

function pad4(b: Buffer): Buffer {
  const p = (4 - (b.length % 4)) % 4;
  return p === 0 ? b : Buffer.concat([b, Buffer.alloc(p)]);
}

/** One option TLV (code, length, value padded to 4). */
export function pcapngOption(le: Le, code: number, value: Buffer): Buffer {
  return Buffer.concat([u16(le, code), u16(le, value.length), pad4(value)]);
}

/** Options list terminated by opt_endofopt; empty input gives no bytes at all. */
export function pcapngOptions(le: Le, opts: Buffer[]): Buffer {
  return opts.length === 0 ? Buffer.alloc(0) : Buffer.concat([...opts, Buffer.alloc(4)]);
}

/** A complete block of `type` around `body` (padded). */
export function pcapngBlock(le: Le, type: number, body: Buffer): Buffer {
  const b = pad4(body);
  const len = 12 + b.length;
  return Buffer.concat([u32(le, type), u32(le, len), b, u32(le, len)]);
}

/** Section Header Block, version 1.0, section length -1 (unknown). */
export function pcapngShb(le: Le, options: Buffer[] = []): Buffer {
  const body = Buffer.concat([u32(le, 0x1a2b3c4d), u16(le, 1), u16(le, 0), Buffer.alloc(8, 0xff), pcapngOptions(le, options)]);
  return pcapngBlock(le, 0x0a0d0d0a, body);
}

/** Interface Description Block; `tsresol` is the raw if_tsresol byte, `tsoffset` seconds. */
export function pcapngIdb(le: Le, linkType: number, o: { snaplen?: number; tsresol?: number; tsoffset?: bigint } = {}): Buffer {
  const opts: Buffer[] = [];
  if (o.tsresol !== undefined) opts.push(pcapngOption(le, 9, Buffer.from([o.tsresol])));
  if (o.tsoffset !== undefined) {
    const v = Buffer.alloc(8);
    if (le) v.writeBigInt64LE(o.tsoffset);
    else v.writeBigInt64BE(o.tsoffset);
    opts.push(pcapngOption(le, 14, v));
  }
  const body = Buffer.concat([u16(le, linkType), u16(le, 0), u32(le, o.snaplen ?? 0), pcapngOptions(le, opts)]);
  return pcapngBlock(le, 1, body);
}

/** Enhanced Packet Block; `ts` is in the interface's units. */
export function pcapngEpb(le: Le, ifId: number, ts: bigint, data: Buffer, origLen = data.length): Buffer {
  const hi = Number((ts >> 32n) & 0xffffffffn);
  const lo = Number(ts & 0xffffffffn);
  const body = Buffer.concat([u32(le, ifId), u32(le, hi), u32(le, lo), u32(le, data.length), u32(le, origLen), pad4(data)]);
  return pcapngBlock(le, 6, body);
}

/** Obsolete Packet Block (type 2); `ts` is in the interface's units. */
export function pcapngPb(le: Le, ifId: number, ts: bigint, data: Buffer, origLen = data.length): Buffer {
  const hi = Number((ts >> 32n) & 0xffffffffn);
  const lo = Number(ts & 0xffffffffn);
  const body = Buffer.concat([u16(le, ifId), u16(le, 0), u32(le, hi), u32(le, lo), u32(le, data.length), u32(le, origLen), pad4(data)]);
  return pcapngBlock(le, 2, body);
}

/** Simple Packet Block (interface 0, no timestamp). */
export function pcapngSpb(le: Le, data: Buffer, origLen = data.length): Buffer {
  return pcapngBlock(le, 3, Buffer.concat([u32(le, origLen), pad4(data)]));
}
