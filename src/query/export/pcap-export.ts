// Exports messages as a classic pcap (Ethernet link type) a vendor can open in Wireshark.
// Each row becomes one synthetic frame around its stored payload:
//
//   | Ethernet II 14 | IPv4 20 or IPv6 40 | UDP 8 or TCP 20 | payload |
//
// with the row's exact capture time (µs), addresses and ports, and valid checksums.
// - Frames are written in capture order (ts, then id), whatever order the rows came in.
// - SIP over tcp or tls becomes TCP segments with PSH|ACK, sequence numbers that grow by the
//   payload length per direction (from a start derived from the address pair, so the same
//   rows always give the same file) and the reverse direction's next sequence as ack.
//   Everything else, including non-SIP HEP payloads (RTCP JSON, logs), becomes UDP.
// - TLS was decrypted by the sender before it reached us, so the file holds plain SIP on
//   the TLS port (usually 5061). Wireshark 4 recognises it as SIP by itself (checked by the
//   tshark test); should a version decode it as TLS, "Decode As… SIP" (-d tcp.port==5061,sip).
// - A payload longer than 65,000 bytes does not fit one IP packet (at most 65,535 bytes
//   with headers) and is cut to its first 65,000 bytes. Stored messages can reach 64 KiB,
//   so only the largest few are affected; the message detail and text export keep them whole.
// - An address pair of mixed families is written as IPv6 with the IPv4 side mapped
//   (::ffff:a.b.c.d); an address that is not an IP (never stored by capture) becomes 0.0.0.0
//   or ::, and a port outside 0..65535 becomes 0, so every row still yields a frame.
import { createHash } from 'node:crypto';
import { compareRows } from '../../flow/merge-legs.js';
import { encodeEthernet, encodeIpPacket } from '../../frames/encode.js';
import { parseIpv4, parseIpv6 } from '../../util/ip-text.js';
import { LinkType } from '../../frames/link.js';
import { writePcap } from '../../pcapfile/write-pcap.js';
import type { MessageRow } from '../../store/types.js';

/** Largest payload written into one frame; longer payloads are cut to it. */
export const MAX_PCAP_PAYLOAD = 65_000;

const TCP_TRANSPORTS = new Set(['tcp', 'tls']);

/** Puts both addresses in one family: IPv4 when both are IPv4, else IPv6 (IPv4 mapped). */
export function addressPair(srcIp: string, dstIp: string): { src: string; dst: string; version: 4 | 6 } {
  const v4 = (ip: string) => parseIpv4(ip) !== null;
  const v6 = (ip: string) => ip.includes(':') && parseIpv6(ip) !== null;
  if (!v6(srcIp) && !v6(dstIp)) {
    return { src: v4(srcIp) ? srcIp : '0.0.0.0', dst: v4(dstIp) ? dstIp : '0.0.0.0', version: 4 };
  }
  const as6 = (ip: string) => (v6(ip) ? ip : v4(ip) ? `::ffff:${ip}` : '::');
  return { src: as6(srcIp), dst: as6(dstIp), version: 6 };
}

const port = (p: number) => (Number.isInteger(p) && p >= 0 && p <= 65535 ? p : 0);

// A per-direction start sequence number that looks random but is the same on every export.
function initialSeq(direction: string): number {
  return createHash('md5').update(direction).digest().readUInt32BE(0);
}

/** Builds one pcap file (Ethernet, µs timestamps) holding every row as a UDP or TCP frame. */
export function exportPcap(rows: readonly MessageRow[]): Buffer {
  const nextSeq = new Map<string, number>();
  const seqOf = (dir: string) => nextSeq.get(dir) ?? initialSeq(dir);
  let ipId = 0;
  const frames = [...rows].sort(compareRows).map((row) => {
    const { src, dst, version } = addressPair(row.srcIp, row.dstIp);
    const srcPort = port(row.srcPort);
    const dstPort = port(row.dstPort);
    const payload = row.payload.length > MAX_PCAP_PAYLOAD ? row.payload.subarray(0, MAX_PCAP_PAYLOAD) : row.payload;
    const tcp = row.protoType === 1 && TCP_TRANSPORTS.has(row.transport.toLowerCase());
    const spec = { src, dst, srcPort, dstPort, payload, id: (ipId = (ipId + 1) & 0xffff) };
    let ip;
    if (tcp) {
      const dir = `${src}|${srcPort}|${dst}|${dstPort}`;
      const seq = seqOf(dir);
      nextSeq.set(dir, (seq + payload.length) >>> 0);
      ip = encodeIpPacket('tcp', { ...spec, seq, ack: seqOf(`${dst}|${dstPort}|${src}|${srcPort}`) });
    } else {
      ip = encodeIpPacket('udp', spec);
    }
    // Addresses, ports and size were made valid above, so encoding cannot fail.
    if (!ip.ok) throw new Error(`pcap export: ${ip.detail}`);
    return { tsMicros: row.ts, data: encodeEthernet(ip.value, version) };
  });
  return writePcap(frames, LinkType.EN10MB);
}
