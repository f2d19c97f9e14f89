import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEthernet, encodeIpv4Tcp, encodeIpv4Udp, encodeIpv6Udp } from '../frames/encode.js';
import { readCaptureFile } from './capture-reader.js';
import { tsharkFields, tsharkMissing } from './tshark.test-helper.js';
import { writePcap } from './write-pcap.js';

test('writePcap: exact header and record bytes', () => {
  const f = writePcap([{ tsMicros: 1_700_000_000_000_001n, data: Buffer.from('ab') }], 1);
  assert.equal(
    f.toString('hex'),
    'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000' + // global header
      '00f15365' + '01000000' + '02000000' + '02000000' + '6162',
  );
});

test('writePcap: out-of-range timestamps are clamped, oversized frames cut to the snaplen', () => {
  const big = Buffer.alloc(262144 + 10, 7);
  const f = writePcap([{ tsMicros: -5n, data: Buffer.from('x') }, { tsMicros: 1n << 60n, data: big }], 101);
  const r = readCaptureFile(f);
  assert.ok(r.ok);
  assert.deepEqual(r.value.frames.map((x) => [x.tsMicros, x.data.length, x.origLen, x.linkType]), [
    [0n, 1, 1, 101],
    [0xffffffffn * 1_000_000n + 999_999n, 262144, 262154, 101],
  ]);
});

const sip = (method: string, n: number): Buffer =>
  Buffer.from(`${method} sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK${n}\r\nFrom: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: call-${n}@example.com\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`);

test('tshark oracle: synthetic Ethernet/IP/UDP|TCP/SIP frames decode as SIP with valid checksums', { skip: tsharkMissing }, () => {
  const must = (r: { ok: true; value: Buffer } | { ok: false; detail: string }): Buffer => {
    if (!r.ok) throw new Error(r.detail);
    return r.value;
  };
  const t0 = 1_700_000_000_123_456n;
  const frames = [
    encodeEthernet(must(encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5080, payload: sip('INVITE', 1), id: 1 })), 4),
    encodeEthernet(must(encodeIpv4Udp({ src: '192.0.2.7', dst: '10.0.0.1', srcPort: 5062, dstPort: 5060, payload: sip('OPTIONS', 2) })), 4),
    encodeEthernet(must(encodeIpv6Udp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5060, payload: sip('REGISTER', 3) })), 6),
    encodeEthernet(must(encodeIpv4Tcp({ src: '10.0.0.3', dst: '10.0.0.4', srcPort: 5060, dstPort: 5060, payload: sip('BYE', 4), seq: 1000 })), 4),
  ].map((data, i) => ({ tsMicros: t0 + BigInt(i) * 1_000_001n, data }));
  const rows = tsharkFields(writePcap(frames, 1), [
    '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
    '-e', 'frame.time_epoch', '-e', 'sip.Method', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'udp.srcport', '-e', 'tcp.srcport',
    '-e', 'ip.checksum.status', '-e', 'udp.checksum.status', '-e', 'tcp.checksum.status', '-e', '_ws.expert.severity',
  ]);
  // Checksum status: 1 = good. No expert info at warning level or above is expected.
  assert.deepEqual(rows, [
    ['1700000000.123456000', 'INVITE', '10.0.0.1', '', '5060', '', '1', '1', '', ''],
    ['1700000001.123457000', 'OPTIONS', '192.0.2.7', '', '5062', '', '1', '1', '', ''],
    ['1700000002.123458000', 'REGISTER', '', '2001:db8::1', '5060', '', '', '1', '', ''],
    ['1700000003.123459000', 'BYE', '10.0.0.3', '', '', '5060', '1', '', '1', ''],
  ]);
});
