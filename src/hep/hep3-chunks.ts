// HEP3 generic (vendor 0x0000) chunk types and their body kinds (hep.md §2.3, §5).
//
//   chunk:  0      2      4      6
//           +------+------+------+---------------------+
//           |vendor| type | len  | body (len - 6 bytes) |   all u16 BE, len includes the 6-byte header
//           +------+------+------+---------------------+
//
// The decoder validates fixed-size bodies against this table; the encoder walks EXTRA_CHUNKS in
// order, so the decoder and the encoder cannot disagree about a chunk's kind.

import type { HepExtras } from './types.js';

/** How a chunk body is read and written. */
export type ChunkKind = 'u8' | 'u16' | 'u32' | 'inet4' | 'inet6' | 'string' | 'bytes' | 'mac' | 'vlan';

/** Generic chunk type ids the core of the model uses. */
export const T = {
  family: 0x0001,
  ipProtocol: 0x0002,
  srcIp4: 0x0003,
  dstIp4: 0x0004,
  srcIp6: 0x0005,
  dstIp6: 0x0006,
  srcPort: 0x0007,
  dstPort: 0x0008,
  tsSec: 0x0009,
  tsUsec: 0x000a,
  protoType: 0x000b,
  captureId: 0x000c,
  payload: 0x000f,
  compressedPayload: 0x0010,
} as const;

/** Optional chunks in the order the encoder writes them (hep.md §2.10: correlation, auth, node name, then the rest). */
export const EXTRA_CHUNKS: readonly { type: number; key: keyof HepExtras; kind: ChunkKind }[] = [
  { type: 0x0011, key: 'correlationId', kind: 'string' },
  { type: 0x000e, key: 'authKey', kind: 'string' },
  { type: 0x0013, key: 'nodeName', kind: 'string' },
  { type: 0x000d, key: 'keepAliveTimer', kind: 'u16' },
  { type: 0x0012, key: 'vlan', kind: 'vlan' },
  { type: 0x0014, key: 'srcMac', kind: 'mac' },
  { type: 0x0015, key: 'dstMac', kind: 'mac' },
  { type: 0x0016, key: 'ethernetType', kind: 'u16' },
  { type: 0x0017, key: 'tcpFlags', kind: 'u8' },
  { type: 0x0018, key: 'ipTos', kind: 'u8' },
  { type: 0x0020, key: 'mos', kind: 'u16' },
  { type: 0x0021, key: 'rFactor', kind: 'u16' },
  { type: 0x0022, key: 'geoLocation', kind: 'string' },
  { type: 0x0023, key: 'jitter', kind: 'u32' },
  { type: 0x0024, key: 'transactionType', kind: 'string' },
  { type: 0x0025, key: 'payloadJsonKeys', kind: 'string' },
  { type: 0x0026, key: 'tags', kind: 'string' },
  { type: 0x0027, key: 'tagType', kind: 'u16' },
  { type: 0x0028, key: 'eventType', kind: 'u16' },
  { type: 0x0029, key: 'groupId', kind: 'string' },
];

/** Body kind of every generic chunk type the decoder interprets; other types are kept raw. */
export const KNOWN_KINDS: ReadonlyMap<number, ChunkKind> = new Map<number, ChunkKind>([
  [T.family, 'u8'],
  [T.ipProtocol, 'u8'],
  [T.srcIp4, 'inet4'],
  [T.dstIp4, 'inet4'],
  [T.srcIp6, 'inet6'],
  [T.dstIp6, 'inet6'],
  [T.srcPort, 'u16'],
  [T.dstPort, 'u16'],
  [T.tsSec, 'u32'],
  [T.tsUsec, 'u32'],
  [T.protoType, 'u8'],
  [T.captureId, 'u32'],
  [T.payload, 'bytes'],
  [T.compressedPayload, 'bytes'],
  ...EXTRA_CHUNKS.map((c): [number, ChunkKind] => [c.type, c.kind]),
]);

/** Body sizes a kind allows (VLAN: old 1-byte form; MAC: spec's 8-byte "uint64"), or undefined for any size. */
export function allowedSizes(kind: ChunkKind): readonly number[] | undefined {
  switch (kind) {
    case 'u8':
      return [1];
    case 'u16':
      return [2];
    case 'u32':
    case 'inet4':
      return [4];
    case 'inet6':
      return [16];
    case 'mac':
      return [6, 8];
    case 'vlan':
      return [1, 2];
    case 'string':
    case 'bytes':
      return undefined;
  }
}

/** "0x000f" for a generic chunk, "vendor 0x0002 type 0x000f" otherwise, for rejection details. */
export function chunkName(vendor: number, type: number): string {
  const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
  return vendor === 0 ? `chunk ${hex(type)}` : `chunk vendor ${hex(vendor)} type ${hex(type)}`;
}
