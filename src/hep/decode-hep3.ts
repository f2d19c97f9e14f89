// HEP v3 decoder (hep.md §2): "HEP3", u16 BE total length (header included), then TLV chunks.
//
//   0        4          6
//   +--------+----------+--------------------------------------------+
//   | "HEP3" | total BE | chunks (any order) ...                      | [trailing bytes: flagged]
//   +--------+----------+--------------------------------------------+
//
// Rules chosen where implementations disagree (hep.md §5):
// * total > datagram: 'truncated'; total < datagram: parse `total` bytes, flag 'trailing-bytes'.
// * The address chunks decide the family; a disagreeing 0x0001 is only flagged. Mixing IPv4 and
//   IPv6 address chunks is 'bad-family'.
// * Missing family/protocol/port/proto-type chunks become 0 with a 'missing-*' flag; a missing
//   address or payload is a rejection, since neither can be stored meaningfully.
// * If both 0x000f and 0x0010 are present, the plain payload wins and 0x0010 is not inflated
//   (flag 'both-payloads'): it saves the work and denies a zip bomb a second route in.
// * Vendor 0 / type 0 rejects the packet (as Kamailio does); vendor chunks and unassigned
//   generic types are skipped by length and kept raw, keyed by (vendor, type).
// * The auth key is checked before the compressed payload is inflated.

import { createHash, timingSafeEqual } from 'node:crypto';
import { fail, ok, type Result } from '../util/result.js';
import { EXTRA_CHUNKS, T, type ChunkKind } from './hep3-chunks.js';
import { walkChunks } from './hep3-walk.js';
import { formatIpv4, formatIpv6 } from '../util/ip-text.js';
import { formatMac } from './mac-text.js';
import { inflatePayload } from './payload-compression.js';
import { payloadLimit, type HepDecodeOptions, type HepExtras, type HepFlag, type HepPacket, type HepRejectReason } from './types.js';

const digest = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
let lastKey: { text: string; digest: Buffer } | null = null;
/** The configured key's digest, kept while the key stays the same. */
function keyDigest(text: string): Buffer {
  if (lastKey?.text !== text) lastKey = { text, digest: digest(Buffer.from(text, 'utf8')) };
  return lastKey.digest;
}

/** Decodes one HEP3 message (the buffer starts with "HEP3"). */
export function decodeHep3(buf: Buffer, opts: HepDecodeOptions = {}): Result<HepPacket, HepRejectReason> {
  if (buf.length < 6) return fail('truncated', `v3 header needs 6 bytes, got ${buf.length}`);
  const total = buf.readUInt16BE(4);
  if (total < 6) return fail('bad-length', `v3 total length ${total}, below the 6-byte header`);
  if (total > buf.length) return fail('truncated', `v3 total length ${total} exceeds the ${buf.length}-byte buffer`);
  const flags: HepFlag[] = [];
  if (total < buf.length) flags.push('trailing-bytes');
  const walked = walkChunks(buf, total, flags);
  if (!walked.ok) return walked;
  const { known, raw } = walked.value;

  if (opts.authKey !== undefined) {
    const got = known.get(0x000e);
    if (got === undefined) return fail('auth-failed', 'no auth key chunk 0x000e');
    // Digests of equal length compared in constant time: neither the key's bytes nor its
    // length show in how long a wrong key takes to refuse.
    if (!timingSafeEqual(digest(got), keyDigest(opts.authKey))) {
      return fail('auth-failed', `auth key chunk 0x000e (${got.length} bytes) does not match`);
    }
  }

  const s4 = known.get(T.srcIp4);
  const d4 = known.get(T.dstIp4);
  const s6 = known.get(T.srcIp6);
  const d6 = known.get(T.dstIp6);
  if ((s4 || d4) && (s6 || d6)) return fail('bad-family', 'both IPv4 (0x0003/0x0004) and IPv6 (0x0005/0x0006) address chunks');
  const family = s6 || d6 ? 6 : 4;
  const src = family === 4 ? s4 : s6;
  const dst = family === 4 ? d4 : d6;
  if (!src) return fail('missing-address', 'no source address chunk 0x0003 or 0x0005');
  if (!dst) return fail('missing-address', 'no destination address chunk 0x0004 or 0x0006');
  const familyChunk = known.get(T.family);
  if (familyChunk === undefined) flags.push('missing-family');
  else if (familyChunk[0] !== (family === 4 ? 2 : 10)) flags.push('family-mismatch');

  const max = payloadLimit(opts);
  const plain = known.get(T.payload);
  const packed = known.get(T.compressedPayload);
  let payload: Buffer;
  if (plain !== undefined) {
    payload = plain;
    if (packed !== undefined) flags.push('both-payloads');
  } else if (packed !== undefined && packed.length > 0) {
    const inflated = inflatePayload(packed, max);
    if (!inflated.ok) return inflated;
    payload = inflated.value;
  } else {
    return fail('no-payload', packed ? 'chunk 0x0010 is empty' : 'no payload chunk 0x000f or 0x0010');
  }
  if (payload.length === 0) return fail('no-payload', `chunk ${plain ? '0x000f' : '0x0010'} is empty`);
  if (payload.length > max) return fail('too-large', `payload of ${payload.length} bytes, limit ${max}`);

  const u = (type: number, flag?: HepFlag): number => {
    const body = known.get(type);
    if (body === undefined) {
      if (flag !== undefined && !flags.includes(flag)) flags.push(flag);
      return 0;
    }
    return readNumber(body);
  };
  const format = family === 4 ? formatIpv4 : formatIpv6;
  const packet: HepPacket = {
    version: 3,
    family,
    ipProtocol: u(T.ipProtocol, 'missing-ip-protocol'),
    srcIp: format(src, 0),
    dstIp: format(dst, 0),
    srcPort: u(T.srcPort, 'missing-port'),
    dstPort: u(T.dstPort, 'missing-port'),
    protoType: u(T.protoType, 'missing-proto-type'),
    payload,
    compressed: plain === undefined,
    unknownChunks: raw,
    flags,
  };
  if (known.has(T.tsSec)) packet.tsSec = u(T.tsSec);
  if (known.has(T.tsUsec)) packet.tsUsec = u(T.tsUsec);
  if (known.has(T.captureId)) packet.captureId = u(T.captureId);
  if ((packet.tsUsec ?? 0) >= 1_000_000) flags.push('usec-overflow');
  const extras = packet as Record<keyof HepExtras, string | number | undefined>;
  for (const { type, key, kind } of EXTRA_CHUNKS) {
    const body = known.get(type);
    if (body !== undefined) extras[key] = readExtra(kind, body);
  }
  return ok(packet);
}

// Sizes were validated by the walker, so the body length tells the width.
function readNumber(body: Buffer): number {
  if (body.length === 1) return body[0] ?? 0;
  if (body.length === 2) return body.readUInt16BE(0);
  return body.readUInt32BE(0);
}

function readExtra(kind: ChunkKind, body: Buffer): string | number {
  if (kind === 'string' || kind === 'bytes') return body.toString('utf8');
  // An 8-byte MAC is the spec's "uint64": the address is the low 48 bits (inference, no sender seen).
  if (kind === 'mac') return formatMac(body, body.length - 6);
  return readNumber(body);
}
