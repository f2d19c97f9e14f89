// The decoded HEP model shared by the v1/v2/v3 decoders, the encoder and their callers.
// One shape for every version, so capture code never branches on the wire version.

/** HEP wire version. */
export type HepVersion = 1 | 2 | 3;

/** IP family of the captured packet's addresses. */
export type HepFamily = 4 | 6;

/** A chunk the decoder does not interpret (vendor chunk or unassigned generic type), kept raw so a relay can re-emit it. */
export interface HepRawChunk {
  vendor: number;
  type: number;
  body: Buffer;
}

/** Optional v3 chunks beyond the core set (hep.md §2.3); absent on v1/v2. */
export interface HepExtras {
  authKey?: string; // 0x000e
  correlationId?: string; // 0x0011, usually a SIP Call-ID
  nodeName?: string; // 0x0013
  keepAliveTimer?: number; // 0x000d
  vlan?: number; // 0x0012 (1- or 2-byte body)
  srcMac?: string; // 0x0014, "aa:bb:cc:dd:ee:ff"
  dstMac?: string; // 0x0015
  ethernetType?: number; // 0x0016
  tcpFlags?: number; // 0x0017
  ipTos?: number; // 0x0018
  mos?: number; // 0x0020 (heplify sends MOS x 100)
  rFactor?: number; // 0x0021
  geoLocation?: string; // 0x0022
  jitter?: number; // 0x0023
  transactionType?: string; // 0x0024
  payloadJsonKeys?: string; // 0x0025
  tags?: string; // 0x0026
  tagType?: number; // 0x0027
  eventType?: number; // 0x0028
  groupId?: string; // 0x0029
}

/** A decoded HEP message: addresses of the captured packet, capture metadata and the captured payload. */
export interface HepPacket extends HepExtras {
  version: HepVersion;
  family: HepFamily;
  ipProtocol: number; // 17 UDP, 6 TCP, 132 SCTP, 22 "TLS"
  srcIp: string; // dotted IPv4 or RFC 5952 IPv6, IPv4-mapped as ::ffff:a.b.c.d (util/ip-text.ts)
  dstIp: string;
  srcPort: number;
  dstPort: number;
  tsSec?: number; // v2 and v3 only
  tsUsec?: number;
  captureId?: number; // v2: u16, v3: u32
  protoType: number; // hep.md §2.4; v1/v2 always 1 (SIP)
  payload: Buffer; // decompressed when it came from chunk 0x0010
  compressed: boolean; // true when the payload came from chunk 0x0010
  unknownChunks: HepRawChunk[];
  flags: HepFlag[];
}

/** Oddities that do not stop decoding but that a caller may want to count. */
export type HepFlag =
  | 'trailing-bytes' // v3 total length shorter than the datagram; the rest was ignored
  | 'family-mismatch' // v3 family chunk disagrees with the address chunks (addresses win)
  | 'missing-family' // v3 without chunk 0x0001 (family taken from the address chunks)
  | 'missing-ip-protocol' // v3 without chunk 0x0002 (ipProtocol = 0)
  | 'missing-port' // v3 without chunk 0x0007 or 0x0008 (port = 0)
  | 'missing-proto-type' // v3 without chunk 0x000b (protoType = 0)
  | 'usec-overflow' // microseconds >= 1,000,000 (kept as sent)
  | 'duplicate-chunk' // a known v3 chunk appeared twice; the last one wins
  | 'both-payloads' // v3 with 0x000f and 0x0010; the plain payload wins
  | 'hp_l-unusual'; // v1/v2 length byte not one of 16, 40, 28, 52

/** Why a buffer was not accepted as HEP. */
export type HepRejectReason =
  | 'truncated' // shorter than its own header, payload offset or v3 total length
  | 'bad-length' // v3 total length below 6
  | 'bad-chunk' // v3 chunk shorter than 6 bytes, past the total length, or vendor 0 / type 0
  | 'bad-chunk-size' // fixed-size v3 chunk with the wrong body size
  | 'unknown-version' // neither "HEP3" nor first byte 1 or 2
  | 'bad-family' // v1/v2 family not 2/10, or v3 mixing IPv4 and IPv6 address chunks
  | 'missing-address' // v3 without a source or destination address chunk
  | 'no-payload' // no payload chunk, or zero payload bytes
  | 'bad-compression' // chunk 0x0010 is neither gzip, zlib nor raw deflate
  | 'too-large' // payload (after decompression) above the limit
  | 'auth-failed'; // opts.authKey set and the packet's auth chunk differs or is absent

/** Options for decodeHep; every field is optional. */
export interface HepDecodeOptions {
  authKey?: string; // require chunk 0x000e to equal this (UTF-8); v1/v2 then always fail
  maxPayloadBytes?: number; // default 65536; applies to plain and decompressed payloads
}

/** Why a packet could not be encoded. */
export type HepEncodeReason =
  | 'bad-address' // address does not parse or does not match the family
  | 'bad-field' // number out of range for its wire field, bad MAC, or a raw chunk that clashes with a known one
  | 'no-payload' // empty payload, which decodeHep would reject
  | 'too-large'; // v3 message above 65535 bytes, v1/v2 datagram above 65507

/** Options for encodeHep. */
export interface HepEncodeOptions {
  compression?: 'none' | 'zlib' | 'gzip'; // v3 only; default 'zlib' if packet.compressed else 'none'
}

/** Largest payload the decoder accepts by default (64 KiB), after decompression. */
export const DEFAULT_MAX_PAYLOAD = 65536;

/** The payload limit in effect: opts.maxPayloadBytes floored into [0, 2^31-1], else the 64 KiB default. */
export function payloadLimit(opts: HepDecodeOptions): number {
  const max = opts.maxPayloadBytes;
  if (max === undefined || Number.isNaN(max)) return DEFAULT_MAX_PAYLOAD;
  return Math.min(Math.max(0, Math.floor(max)), 0x7fffffff);
}
