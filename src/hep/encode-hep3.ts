// HEP v3 encoder (hep.md §2.9, §2.10).
//
//   "HEP3" | total u16 BE | 0x0001 family | 0x0002 ip proto | 0x0003+0x0004 or 0x0005+0x0006
//   | 0x0007 sport | 0x0008 dport | [0x0009 sec] | [0x000a usec] | 0x000b proto type | [0x000c capture id]
//   | [0x0011 correlation] [0x000e auth] [0x0013 node name] [other extras by type] | [raw chunks]
//   | 0x000f payload  (or 0x0010 compressed payload, never both)
//
// This order satisfies Kamailio's "at least 9 counted chunks" rule and heplify-server's exact
// body sizes, and it reproduces the spec example byte for byte.

import { fail, ok, type Result } from '../util/result.js';
import { badUint, encodeAddresses, firstBadUint } from './encode-fields.js';
import { EXTRA_CHUNKS, KNOWN_KINDS, T, type ChunkKind } from './hep3-chunks.js';
import { parseMac } from './mac-text.js';
import { deflatePayload } from './payload-compression.js';
import type { HepEncodeOptions, HepEncodeReason, HepExtras, HepPacket } from './types.js';

const MAX_BODY = 65535 - 6 - 6;

/** Encodes a packet as one HEP3 message. */
export function encodeHep3(p: HepPacket, opts: HepEncodeOptions = {}): Result<Buffer, HepEncodeReason> {
  const addrs = encodeAddresses(p);
  if (!addrs.ok) return addrs;
  const { family, src, dst } = addrs.value;
  const bad = firstBadUint([
    ['ipProtocol', p.ipProtocol, 8],
    ['srcPort', p.srcPort, 16],
    ['dstPort', p.dstPort, 16],
    ['tsSec', p.tsSec ?? 0, 32],
    ['tsUsec', p.tsUsec ?? 0, 32],
    ['protoType', p.protoType, 8],
    ['captureId', p.captureId ?? 0, 32],
  ]);
  if (bad !== undefined) return fail('bad-field', bad);
  if (!Buffer.isBuffer(p.payload) || p.payload.length === 0) return fail('no-payload', 'payload is empty');

  const chunks: Buffer[] = [];
  const add = (type: number, body: Buffer, vendor = 0): void => {
    const head = Buffer.alloc(6);
    head.writeUInt16BE(vendor, 0);
    head.writeUInt16BE(type, 2);
    head.writeUInt16BE(Math.min(body.length + 6, 0xffff), 4);
    chunks.push(head, body);
  };
  add(T.family, uint(family === 4 ? 2 : 10, 1));
  add(T.ipProtocol, uint(p.ipProtocol, 1));
  add(family === 4 ? T.srcIp4 : T.srcIp6, src);
  add(family === 4 ? T.dstIp4 : T.dstIp6, dst);
  add(T.srcPort, uint(p.srcPort, 2));
  add(T.dstPort, uint(p.dstPort, 2));
  if (p.tsSec !== undefined) add(T.tsSec, uint(p.tsSec, 4));
  if (p.tsUsec !== undefined) add(T.tsUsec, uint(p.tsUsec, 4));
  add(T.protoType, uint(p.protoType, 1));
  if (p.captureId !== undefined) add(T.captureId, uint(p.captureId, 4));

  const extras = p as Record<keyof HepExtras, unknown>;
  for (const { type, key, kind } of EXTRA_CHUNKS) {
    const value = extras[key];
    if (value === undefined) continue;
    const body = extraBody(kind, value);
    if (typeof body === 'string') return fail('bad-field', `${key} ${body}`);
    add(type, body);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a packet from JSON may lack the field
  for (const [i, c] of (p.unknownChunks ?? []).entries()) {
    const badId = badUint(`unknownChunks[${i}].vendor`, c.vendor, 16) ?? badUint(`unknownChunks[${i}].type`, c.type, 16);
    if (badId !== undefined) return fail('bad-field', badId);
    if (!Buffer.isBuffer(c.body)) return fail('bad-field', `unknownChunks[${i}].body is not a Buffer`);
    if (c.vendor === 0 && (c.type === 0 || KNOWN_KINDS.has(c.type))) {
      return fail('bad-field', `unknownChunks[${i}] has type 0x${c.type.toString(16).padStart(4, '0')}, a known generic chunk`);
    }
    add(c.type, c.body, c.vendor);
  }

  const compression = opts.compression ?? (p.compressed ? 'zlib' : 'none');
  if (compression === 'none') add(T.payload, p.payload);
  else add(T.compressedPayload, deflatePayload(p.payload, compression));

  const oversized = chunks.find((c, i) => i % 2 === 1 && c.length > MAX_BODY);
  if (oversized !== undefined) return fail('too-large', `chunk body of ${oversized.length} bytes, limit ${MAX_BODY}`);
  const total = 6 + chunks.reduce((n, c) => n + c.length, 0);
  if (total > 0xffff) return fail('too-large', `v3 message of ${total} bytes, limit 65535`);
  const head = Buffer.alloc(6);
  head.write('HEP3', 0, 'latin1');
  head.writeUInt16BE(total, 4);
  return ok(Buffer.concat([head, ...chunks], total));
}

function uint(value: number, bytes: 1 | 2 | 4): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(value, 0, bytes);
  return out;
}

// A Buffer to write, or a string saying why the value does not fit its kind.
function extraBody(kind: ChunkKind, value: unknown): Buffer | string {
  switch (kind) {
    case 'string':
    case 'bytes':
      return typeof value === 'string' ? Buffer.from(value, 'utf8') : `${String(value)} is not a string`;
    case 'mac':
      return (typeof value === 'string' ? parseMac(value) : undefined) ?? `"${String(value)}" is not a MAC address`;
    case 'inet4':
    case 'inet6':
      return `${String(value)} is not a supported extra kind`;
    case 'u8':
    case 'u16':
    case 'vlan':
    case 'u32': {
      const bits = kind === 'u8' ? 8 : kind === 'u32' ? 32 : 16;
      const badNum = badUint('value', value, bits);
      return badNum === undefined ? uint(value as number, (bits / 8) as 1 | 2 | 4) : `${String(value)} does not fit in u${bits}`;
    }
  }
}
