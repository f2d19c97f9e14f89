import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIpv4, parseIpv6 } from '../util/ip-text.js';
import { internetChecksum } from './checksum.js';
import { encodeEthernet, encodeIpPacket, encodeIpv4, encodeIpv4Tcp, encodeIpv4Udp, encodeIpv6Tcp, encodeIpv6Udp } from './encode.js';
import { decodeFrame } from './frame.js';
import { decodeIp } from './ip.js';

const SIP = Buffer.from('OPTIONS sip:bob@example.com SIP/2.0\r\nCall-ID: x\r\n\r\n');

// Verifies the transport checksum the way a receiver does: the sum over pseudo-header + segment is 0.
function transportSumOk(ip: Buffer): boolean {
  const d = decodeIp(ip);
  assert.ok(d.ok);
  const seg = d.value.payload;
  if (d.value.version === 4) {
    const p = Buffer.alloc(12);
    (parseIpv4(d.value.src) as Buffer).copy(p, 0);
    (parseIpv4(d.value.dst) as Buffer).copy(p, 4);
    p[9] = d.value.protocol;
    p.writeUInt16BE(seg.length, 10);
    return internetChecksum(p, seg) === 0;
  }
  const p = Buffer.alloc(40);
  (parseIpv6(d.value.src) as Buffer).copy(p, 0);
  (parseIpv6(d.value.dst) as Buffer).copy(p, 16);
  p.writeUInt32BE(seg.length, 32);
  p[39] = d.value.protocol;
  return internetChecksum(p, seg) === 0;
}

test('encodeIpv4Udp: decodes back, valid IP header and UDP checksums', () => {
  const r = encodeIpv4Udp({ src: '10.1.2.3', dst: '192.0.2.10', srcPort: 5060, dstPort: 5080, payload: SIP, ttl: 32, id: 99 });
  assert.ok(r.ok);
  assert.equal(internetChecksum(r.value.subarray(0, 20)), 0);
  assert.ok(transportSumOk(r.value));
  const f = decodeFrame(101, r.value);
  assert.ok(f.ok);
  assert.deepEqual([f.value.ip.src, f.value.ip.dst, f.value.ip.ttl, f.value.ip.id, f.value.transport, f.value.srcPort, f.value.dstPort], ['10.1.2.3', '192.0.2.10', 32, 99, 'udp', 5060, 5080]);
  assert.deepEqual(f.value.payload, SIP);
});

test('encodeIpv6Udp / encodeIpv6Tcp / encodeIpv4Tcp decode back with valid checksums', () => {
  const specs = { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5061, payload: SIP };
  const u6 = encodeIpv6Udp(specs);
  const t6 = encodeIpv6Tcp({ ...specs, seq: 1000, ack: 5, flags: 0x18 });
  const t4 = encodeIpv4Tcp({ ...specs, src: '10.0.0.1', dst: '10.0.0.2', seq: 0xffffffff });
  for (const [r, transport] of [[u6, 'udp'], [t6, 'tcp'], [t4, 'tcp']] as const) {
    assert.ok(r.ok);
    assert.ok(transportSumOk(r.value));
    const f = decodeFrame(101, r.value);
    assert.ok(f.ok);
    assert.equal(f.value.transport, transport);
    assert.deepEqual(f.value.payload, SIP);
  }
  const f6 = t6.ok ? decodeFrame(101, t6.value) : null;
  assert.ok(f6?.ok);
  assert.deepEqual(f6.value.tcp, { seq: 1000, flags: 0x18 });
});

test('encodeIpPacket picks the IP version from the address text', () => {
  const a = encodeIpPacket('udp', { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 1, dstPort: 2, payload: SIP });
  const b = encodeIpPacket('tcp', { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: SIP });
  assert.ok(a.ok && b.ok);
  assert.equal((a.value[0] ?? 0) >> 4, 6);
  assert.equal((b.value[0] ?? 0) >> 4, 4);
});

test('encoders reject bad addresses, ports and sizes as values', () => {
  const base = { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: SIP };
  const cases = [
    [encodeIpv4Udp({ ...base, src: '2001:db8::1' }), 'bad-address'],
    [encodeIpv6Udp(base), 'bad-address'],
    [encodeIpv4Udp({ ...base, srcPort: 70000 }), 'bad-port'],
    [encodeIpv4Tcp({ ...base, dstPort: -1 }), 'bad-port'],
    [encodeIpv4Udp({ ...base, srcPort: 1.5 }), 'bad-port'],
    [encodeIpv4Udp({ ...base, payload: Buffer.alloc(65508) }), 'too-large'],
    [encodeIpv6Udp({ ...base, src: '::1', dst: '::2', payload: Buffer.alloc(65528) }), 'too-large'],
    [encodeIpv4(4, { src: 'x', dst: '1.1.1.1', payload: SIP }), 'bad-address'],
  ] as const;
  for (const [r, reason] of cases) {
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason);
  }
  const max = encodeIpv4Udp({ ...base, payload: Buffer.alloc(65507) });
  assert.ok(max.ok && max.value.length === 65535);
});

test('a UDP checksum that computes to 0 is sent as 0xffff', () => {
  // Search a payload whose checksum field would be 0 with these addresses/ports.
  for (let i = 0; i < 70000; i++) {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(i & 0xffff);
    const r = encodeIpv4Udp({ src: '0.0.0.0', dst: '0.0.0.0', srcPort: 0, dstPort: 0, payload });
    assert.ok(r.ok);
    const sum = r.value.readUInt16BE(26);
    assert.notEqual(sum, 0);
    if (sum === 0xffff) return;
  }
  assert.fail('no payload produced the 0 checksum case');
});

test('encodeEthernet: ethertype by version, default and custom MACs', () => {
  const ip = Buffer.from([0x45]);
  assert.equal(encodeEthernet(ip, 4).toString('hex'), '020000000002020000000001080045');
  assert.equal(encodeEthernet(ip, 6).readUInt16BE(12), 0x86dd);
  const m = encodeEthernet(ip, 4, { src: Buffer.from('aabbccddeeff', 'hex'), dst: Buffer.from('112233445566', 'hex') });
  assert.equal(m.subarray(0, 12).toString('hex'), '112233445566aabbccddeeff');
});

test('property: random UDP/TCP packets round-trip through encode + decodeFrame with valid checksums', () => {
  fc.assert(
    fc.property(
      fc.boolean(), fc.boolean(), fc.ipV4(), fc.ipV4(), fc.ipV6(), fc.ipV6(), fc.nat(65535), fc.nat(65535), fc.uint8Array({ maxLength: 1500 }),
      (v6, tcp, a4, b4, a6, b6, sp, dp, raw) => {
        const spec = { src: v6 ? a6 : a4, dst: v6 ? b6 : b4, srcPort: sp, dstPort: dp, payload: Buffer.from(raw) };
        const r = encodeIpPacket(tcp ? 'tcp' : 'udp', spec);
        assert.ok(r.ok, r.ok ? '' : r.detail);
        assert.ok(transportSumOk(r.value));
        const f = decodeFrame(1, encodeEthernet(r.value, v6 ? 6 : 4));
        assert.ok(f.ok);
        assert.deepEqual([f.value.srcPort, f.value.dstPort, f.value.transport], [sp, dp, tcp ? 'tcp' : 'udp']);
        assert.deepEqual(f.value.payload, spec.payload);
        assert.deepEqual(parseIpv6(f.value.ip.src) ?? parseIpv4(f.value.ip.src), parseIpv6(spec.src) ?? parseIpv4(spec.src));
      },
    ),
    { numRuns: 500 },
  );
});
