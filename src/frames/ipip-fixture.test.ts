// test/fixtures/pcap/ipip-sip.pcap: a small Ethernet capture of IP-in-IP mirrored SIP, built here
// from our own encoders so it can be regenerated (UPDATE_FIXTURES=1) and checked for drift,
// then decoded both by decodeLink + decodeIpip and by tshark as the independent oracle.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { internetChecksum } from './checksum.js';
import { encodeEthernet, encodeIpv4Tcp, encodeIpv4Udp } from './encode.js';
import { fragmentIpv4 } from './fragment.js';
import { decodeLink } from './link.js';
import { Ipv4Reassembler } from './reassembler.js';
import { readCaptureFile } from '../pcapfile/capture-reader.js';
import { tsharkFieldsOfPath, tsharkMissing } from '../pcapfile/tshark.test-helper.js';
import { writePcap } from '../pcapfile/write-pcap.js';
import { decodeIpip } from './ipip.js';
import { encodeIpip } from './encode-ipip.js';

const PATH = fileURLToPath(new URL('../../test/fixtures/pcap/ipip-sip.pcap', import.meta.url));
const T0 = 1_700_000_000_000_000n;

const must = <T>(r: { ok: true; value: T } | { ok: false; detail: string }): T => {
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};

function sip(first: string, cseq: string, callId: string, body = ''): Buffer {
  return Buffer.from(`${first}\r\nVia: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK-${callId}\r\nFrom: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: ${callId}\r\nCSeq: ${cseq}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}

function withOuterOptions(ip: Buffer): Buffer {
  const b = Buffer.concat([ip.subarray(0, 20), Buffer.from('01010100', 'hex'), ip.subarray(20)]); // NOP NOP NOP EOL
  b[0] = 0x46;
  b.writeUInt16BE(b.length, 2);
  b.writeUInt16BE(0, 10);
  b.writeUInt16BE(internetChecksum(b.subarray(0, 24)), 10);
  return b;
}

/** Builds the fixture: every frame is Ethernet -> IPv4 (proto 4) -> IPv4 -> UDP/TCP -> SIP. */
function buildFixture(): Buffer {
  const A = '10.1.1.1';
  const B = '10.2.2.2';
  const ipip = (inner: Buffer, id: number): Buffer => must(encodeIpip('192.0.2.1', '192.0.2.200', inner, { id }));
  const udp = (src: string, dst: string, sp: number, dp: number, payload: Buffer, id = 0): Buffer => must(encodeIpv4Udp({ src, dst, srcPort: sp, dstPort: dp, payload, id }));
  const eth = (ip: Buffer): Buffer => encodeEthernet(ip, 4);
  const ips: Buffer[] = [];
  // 1: plain IPIP/UDP INVITE.
  ips.push(ipip(udp(A, B, 5060, 5070, sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE', 'fx-1')), 1));
  // 2: outer header with options (IHL 6): 200 OK back.
  ips.push(withOuterOptions(ipip(udp(B, A, 5070, 5060, sip('SIP/2.0 200 OK', '1 INVITE', 'fx-1')), 2)));
  // 3: inner TCP.
  ips.push(ipip(must(encodeIpv4Tcp({ src: A, dst: B, srcPort: 5061, dstPort: 5070, payload: sip('ACK sip:bob@example.com SIP/2.0', '1 ACK', 'fx-1'), seq: 1 })), 3));
  // 4-6: outer fragmentation, sent out of order (2nd, 3rd, 1st).
  const big = ipip(udp(A, B, 5060, 5070, sip('MESSAGE sip:bob@example.com SIP/2.0', '2 MESSAGE', 'fx-2', 'm'.repeat(1800))), 4);
  const of = must(fragmentIpv4(big, 800));
  ips.push(of[1] as Buffer, of[2] as Buffer, of[0] as Buffer);
  // 7-8: inner fragmentation (the original packet was split before mirroring), each in its own IPIP.
  const innerBig = udp(B, A, 5070, 5060, sip('BYE sip:alice@example.com SIP/2.0', '3 BYE', 'fx-3', 'b'.repeat(1200)), 77);
  const inf = must(fragmentIpv4(innerBig, 1000));
  ips.push(ipip(inf[0] as Buffer, 7), ipip(inf[1] as Buffer, 8));
  return writePcap(ips.map((ip, i) => ({ tsMicros: T0 + BigInt(i) * 1000n, data: eth(ip) })), 1);
}

// What each frame yields: [frame number, first token of the SIP start line, inner src, src port, transport].
const EXPECTED = [
  [1, 'INVITE', '10.1.1.1', 5060, 'udp'],
  [2, 'SIP/2.0', '10.2.2.2', 5070, 'udp'],
  [3, 'ACK', '10.1.1.1', 5061, 'tcp'],
  [6, 'MESSAGE', '10.1.1.1', 5060, 'udp'],
  [8, 'BYE', '10.2.2.2', 5070, 'udp'],
];

test('ipip-sip.pcap is what buildFixture makes (UPDATE_FIXTURES=1 rewrites it)', () => {
  const built = buildFixture();
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(PATH)) writeFileSync(PATH, built);
  assert.ok(readFileSync(PATH).equals(built), 'fixture drifted from buildFixture(); rerun with UPDATE_FIXTURES=1');
});

test('ipip-sip.pcap decodes with readCaptureFile + decodeLink + decodeIpip', () => {
  const file = must(readCaptureFile(readFileSync(PATH)));
  const r = new Ipv4Reassembler();
  const got: unknown[] = [];
  for (const [i, f] of file.frames.entries()) {
    const ip = must(decodeLink(f.linkType, f.data)).ipBuf;
    const p = must(decodeIpip(ip, r, Number(f.tsMicros / 1000n)));
    if (p) got.push([i + 1, p.payload.toString().split(' ')[0], p.src, p.srcPort, p.transport]);
    if (p) assert.deepEqual([p.outerSrc, p.outerDst], ['192.0.2.1', '192.0.2.200']);
  }
  assert.deepEqual(got, EXPECTED);
  assert.equal(r.stats.pending, 0);
});

test('tshark oracle: the same frames carry the same SIP messages', { skip: tsharkMissing }, () => {
  const rows = tsharkFieldsOfPath(PATH, [
    '-Y', 'sip', '-E', 'occurrence=l', '-e', 'frame.number', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'ip.src', '-e', 'udp.srcport', '-e', 'tcp.srcport',
  ]);
  const got = rows.map(([n, method, status, src, uport, tport]) => [Number(n), method || (status ? 'SIP/2.0' : ''), src, Number(uport || tport), uport ? 'udp' : 'tcp']);
  assert.deepEqual(got, EXPECTED);
});
