// Byte builders for the HEP tests: hand-made chunks and messages, including malformed ones the
// encoder refuses to produce. Test-only; nothing in the capture path imports this file.

/** Byte strings from hep.md §1.8 and §2.9 used by several test files. */
export const SPEC_EXAMPLE_HEX =
  '484550330071' +
  '00000001000702' +
  '00000002000711' +
  '00000003000ad4ca0001' +
  '00000004000a527400d3' +
  '0000000700082eea' +
  '00000008000813c4' +
  '00000009000a4e4982cb' +
  '0000000a000a0001d4c0' +
  '0000000b000701' +
  '0000000c000a000000e4' +
  '0000000f0014' +
  Buffer.from('INVITE sip:bob').toString('hex');

/** One big-endian unsigned integer of the given width. */
export function be(value: number, bytes: 1 | 2 | 4): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(value, 0, bytes);
  return out;
}

/** A chunk; `len` overrides the length field to build malformed chunks. */
export function chunk(type: number, body: Buffer | string, vendor = 0, len?: number): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([be(vendor, 2), be(type, 2), be(len ?? b.length + 6, 2), b]);
}

/** A HEP3 message from chunks; `total` overrides the total length field. */
export function hep3(chunks: Buffer[], total?: number): Buffer {
  const body = Buffer.concat(chunks);
  return Buffer.concat([Buffer.from('HEP3'), be(total ?? body.length + 6, 2), body]);
}

/** The chunks of a minimal valid IPv4 message keyed by type, in §2.10 order; edit and pass to hep3(). */
export function baseChunks(): Map<number, Buffer> {
  return new Map<number, Buffer>([
    [0x0001, chunk(0x0001, be(2, 1))],
    [0x0002, chunk(0x0002, be(17, 1))],
    [0x0003, chunk(0x0003, Buffer.from([10, 0, 0, 1]))],
    [0x0004, chunk(0x0004, Buffer.from([10, 0, 0, 2]))],
    [0x0007, chunk(0x0007, be(5060, 2))],
    [0x0008, chunk(0x0008, be(5062, 2))],
    [0x0009, chunk(0x0009, be(1700000000, 4))],
    [0x000a, chunk(0x000a, be(123456, 4))],
    [0x000b, chunk(0x000b, be(1, 1))],
    [0x000c, chunk(0x000c, be(2001, 4))],
    [0x000f, chunk(0x000f, 'OPTIONS sip:bob@10.0.0.2 SIP/2.0\r\n\r\n')],
  ]);
}

/** baseChunks() with some types removed and others replaced or added (payload stays last). */
export function message(edit: { drop?: number[]; set?: Buffer[] } = {}): Buffer {
  const chunks = baseChunks();
  for (const t of edit.drop ?? []) chunks.delete(t);
  const payload = chunks.get(0x000f);
  chunks.delete(0x000f);
  return hep3([...chunks.values(), ...(edit.set ?? []), ...(payload ? [payload] : [])]);
}

/** A v1/v2 datagram header + payload with every field given explicitly. */
export function hep12(opts: {
  version: number;
  hpL?: number;
  family?: number;
  addrLen?: 4 | 16;
  time?: Buffer;
  payload?: string;
}): Buffer {
  const addrLen = opts.addrLen ?? 4;
  const head = Buffer.from([opts.version, opts.hpL ?? 8 + 2 * addrLen, opts.family ?? 2, 17, 0x13, 0xc4, 0x13, 0xc6]);
  const addrs = Buffer.alloc(2 * addrLen, 1);
  const time = opts.version === 2 ? (opts.time ?? Buffer.alloc(12)) : Buffer.alloc(0);
  return Buffer.concat([head, addrs, time, Buffer.from(opts.payload ?? 'OPTIONS sip:x SIP/2.0\r\n\r\n')]);
}
