// Synthetic packet builders for pcap export and tests: IPv4/IPv6 + UDP/TCP with valid checksums,
// and an Ethernet II header in front. Layouts are the ones diagrammed in ipv4.ts, ipv6.ts,
// udp.ts, tcp.ts and link.ts. Checksum pseudo-headers (RFC 768 / RFC 8200 §8.1):
//
//   IPv4: | src 4 | dst 4 | 0 | protocol 1 | transport length 2 |
//   IPv6: | src 16 | dst 16 | transport length 4 | 0 0 0 | next header 1 |
//
// IPv4 packets carry DF and no options; TCP carries no options (data offset 5).

import { fail, ok, type Result } from '../util/result.js';
import { parseIpv4, parseIpv6 } from '../util/ip-text.js';
import { internetChecksum } from './checksum.js';
import { TcpFlag } from './tcp.js';

/** Why a packet could not be built. */
export type EncodeReason = 'bad-address' | 'bad-port' | 'too-large';

/** What goes into a synthetic UDP packet; ttl defaults to 64, id to 0. */
export type UdpPacketSpec = { src: string; dst: string; srcPort: number; dstPort: number; payload: Buffer; ttl?: number; id?: number };

/** What goes into a synthetic TCP segment; flags default to PSH|ACK, window to 65535. */
export type TcpPacketSpec = UdpPacketSpec & { seq?: number; ack?: number; flags?: number; window?: number };

const UDP = 17;
const TCP = 6;

function u16(n: number | undefined, dflt: number): number {
  return Number.isInteger(n) ? (n as number) & 0xffff : dflt;
}

function transportHeader(proto: number, spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  for (const p of [spec.srcPort, spec.dstPort]) {
    if (!Number.isInteger(p) || p < 0 || p > 65535) return fail('bad-port', `port ${p} is not 0..65535`);
  }
  const h = Buffer.alloc(proto === UDP ? 8 : 20);
  h.writeUInt16BE(spec.srcPort, 0);
  h.writeUInt16BE(spec.dstPort, 2);
  if (proto === UDP) {
    h.writeUInt16BE((8 + spec.payload.length) & 0xffff, 4);
  } else {
    h.writeUInt32BE((spec.seq ?? 0) >>> 0, 4);
    h.writeUInt32BE((spec.ack ?? 0) >>> 0, 8);
    const flags = u16(spec.flags, TcpFlag.PSH | TcpFlag.ACK) & 0x1ff;
    h[12] = (5 << 4) | (flags >> 8);
    h[13] = flags & 0xff;
    h.writeUInt16BE(u16(spec.window, 65535), 14);
  }
  return ok(h);
}

// Fills in the transport checksum; a computed 0 is sent as 0xffff (0 means "none" in UDP).
function finishTransport(proto: number, th: Buffer, pseudo: Buffer, payload: Buffer): void {
  const sum = internetChecksum(pseudo, th, payload);
  th.writeUInt16BE(proto === UDP && sum === 0 ? 0xffff : sum, proto === UDP ? 6 : 16);
}

function ipv4Header(proto: number, src: Buffer, dst: Buffer, payloadLen: number, id: number | undefined, ttl: number | undefined): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + payloadLen, 2);
  ip.writeUInt16BE(u16(id, 0), 4);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = u16(ttl, 64) & 0xff;
  ip[9] = proto & 0xff;
  src.copy(ip, 12);
  dst.copy(ip, 16);
  ip.writeUInt16BE(internetChecksum(ip), 10);
  return ip;
}

function ipv4(proto: number, spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  const src = parseIpv4(spec.src);
  const dst = parseIpv4(spec.dst);
  if (!src || !dst) return fail('bad-address', `not an IPv4 address pair: ${spec.src} -> ${spec.dst}`);
  const th = transportHeader(proto, spec);
  if (!th.ok) return th;
  const tlen = th.value.length + spec.payload.length;
  if (20 + tlen > 65535) return fail('too-large', `IPv4 packet of ${20 + tlen} bytes > 65535`);
  const ip = ipv4Header(proto, src, dst, tlen, spec.id, spec.ttl);
  const pseudo = Buffer.alloc(12);
  src.copy(pseudo, 0);
  dst.copy(pseudo, 4);
  pseudo[9] = proto;
  pseudo.writeUInt16BE(tlen, 10);
  finishTransport(proto, th.value, pseudo, spec.payload);
  return ok(Buffer.concat([ip, th.value, spec.payload]));
}

/** Builds an IPv4 header (DF, no options, valid checksum) of `protocol` around any payload, e.g. 4 for IPIP. */
export function encodeIpv4(protocol: number, spec: { src: string; dst: string; payload: Buffer; ttl?: number; id?: number }): Result<Buffer, EncodeReason> {
  const src = parseIpv4(spec.src);
  const dst = parseIpv4(spec.dst);
  if (!src || !dst) return fail('bad-address', `not an IPv4 address pair: ${spec.src} -> ${spec.dst}`);
  if (20 + spec.payload.length > 65535) return fail('too-large', `IPv4 packet of ${20 + spec.payload.length} bytes > 65535`);
  return ok(Buffer.concat([ipv4Header(protocol, src, dst, spec.payload.length, spec.id, spec.ttl), spec.payload]));
}

function ipv6(proto: number, spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  const src = parseIpv6(spec.src);
  const dst = parseIpv6(spec.dst);
  if (!src || !dst) return fail('bad-address', `not an IPv6 address pair: ${spec.src} -> ${spec.dst}`);
  const th = transportHeader(proto, spec);
  if (!th.ok) return th;
  const tlen = th.value.length + spec.payload.length;
  if (tlen > 65535) return fail('too-large', `IPv6 payload of ${tlen} bytes > 65535`);
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip.writeUInt16BE(tlen, 4);
  ip[6] = proto;
  ip[7] = u16(spec.ttl, 64) & 0xff;
  src.copy(ip, 8);
  dst.copy(ip, 24);
  const pseudo = Buffer.alloc(40);
  src.copy(pseudo, 0);
  dst.copy(pseudo, 16);
  pseudo.writeUInt32BE(tlen, 32);
  pseudo[39] = proto;
  finishTransport(proto, th.value, pseudo, spec.payload);
  return ok(Buffer.concat([ip, th.value, spec.payload]));
}

/** Builds IPv4 + UDP around `payload`, with valid IP and UDP checksums. */
export function encodeIpv4Udp(spec: UdpPacketSpec): Result<Buffer, EncodeReason> {
  return ipv4(UDP, spec);
}

/** Builds IPv6 + UDP around `payload`, with a valid UDP checksum. */
export function encodeIpv6Udp(spec: UdpPacketSpec): Result<Buffer, EncodeReason> {
  return ipv6(UDP, spec);
}

/** Builds IPv4 + TCP (no options) around `payload`, with valid IP and TCP checksums. */
export function encodeIpv4Tcp(spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  return ipv4(TCP, spec);
}

/** Builds IPv6 + TCP (no options) around `payload`, with a valid TCP checksum. */
export function encodeIpv6Tcp(spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  return ipv6(TCP, spec);
}

/** Builds an IP packet picking IPv4 or IPv6 from the address text ("1.2.3.4" vs "2001:db8::1"). */
export function encodeIpPacket(transport: 'udp' | 'tcp', spec: TcpPacketSpec): Result<Buffer, EncodeReason> {
  const v6 = spec.src.includes(':');
  if (transport === 'udp') return v6 ? encodeIpv6Udp(spec) : encodeIpv4Udp(spec);
  return v6 ? encodeIpv6Tcp(spec) : encodeIpv4Tcp(spec);
}

const DEFAULT_DST_MAC = Buffer.from([0x02, 0, 0, 0, 0, 0x02]);
const DEFAULT_SRC_MAC = Buffer.from([0x02, 0, 0, 0, 0, 0x01]);

/** Prepends an Ethernet II header (locally administered MACs unless given) for an IP packet. */
export function encodeEthernet(ipBuf: Buffer, version: 4 | 6, mac: { src?: Buffer; dst?: Buffer } = {}): Buffer {
  const h = Buffer.alloc(14);
  (mac.dst?.length === 6 ? mac.dst : DEFAULT_DST_MAC).copy(h, 0);
  (mac.src?.length === 6 ? mac.src : DEFAULT_SRC_MAC).copy(h, 6);
  h.writeUInt16BE(version === 6 ? 0x86dd : 0x0800, 12);
  return Buffer.concat([h, ipBuf]);
}
