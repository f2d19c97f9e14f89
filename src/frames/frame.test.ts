import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeEthernet, encodeIpv4, encodeIpv4Tcp, encodeIpv4Udp, encodeIpv6Udp } from './encode.js';
import { decodeFrame } from './frame.js';
import { fragmentIpv4 } from './fragment.js';
import { Ipv4Reassembler } from './reassembler.js';

const SIP = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n\r\n');
const must = <T>(r: { ok: true; value: T } | { ok: false; detail: string }): T => {
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};
const udp4 = must(encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5062, payload: SIP }));

test('Ethernet + IPv4 + UDP', () => {
  const f = decodeFrame(1, encodeEthernet(udp4, 4));
  assert.ok(f.ok);
  assert.deepEqual([f.value.transport, f.value.srcPort, f.value.dstPort, f.value.ip.src, f.value.vlanId], ['udp', 5060, 5062, '10.0.0.1', undefined]);
  assert.deepEqual(f.value.payload, SIP);
});

test('short frame padded to 60 bytes: payload ends at the IP total length', () => {
  const small = must(encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: Buffer.from('hi') }));
  const frame = Buffer.concat([encodeEthernet(small, 4), Buffer.alloc(60 - 14 - small.length)]);
  const f = decodeFrame(1, frame);
  assert.ok(f.ok);
  assert.equal(f.value.payload.toString(), 'hi');
});

test('802.1Q tagged IPv6 over Ethernet reports the VLAN id', () => {
  const ip = must(encodeIpv6Udp({ src: '2001:db8::a', dst: '2001:db8::b', srcPort: 5060, dstPort: 5060, payload: SIP }));
  const eth = encodeEthernet(ip, 6);
  const tagged = Buffer.concat([eth.subarray(0, 12), Buffer.from('8100002a', 'hex'), eth.subarray(12)]);
  const f = decodeFrame(1, tagged);
  assert.ok(f.ok);
  assert.deepEqual([f.value.ip.src, f.value.vlanId], ['2001:db8::a', 42]);
});

test('TCP gives seq and flags; other protocols come back as transport other', () => {
  const t = decodeFrame(101, must(encodeIpv4Tcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 40000, payload: SIP, seq: 42 })));
  assert.ok(t.ok);
  assert.deepEqual([t.value.transport, t.value.tcp], ['tcp', { seq: 42, flags: 0x18 }]);
  const ipip = decodeFrame(101, must(encodeIpv4(4, { src: '1.1.1.1', dst: '2.2.2.2', payload: udp4 })));
  assert.ok(ipip.ok);
  assert.deepEqual([ipip.value.transport, ipip.value.ip.protocol, ipip.value.srcPort], ['other', 4, 0]);
  assert.deepEqual(ipip.value.payload, udp4);
});

test('fragments: rejected without a reassembler, held then completed with one', () => {
  const big = must(encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, payload: Buffer.alloc(3000, 0x53), id: 5 }));
  const frags = must(fragmentIpv4(big, 1480)).map((b) => encodeEthernet(b, 4));
  const no = decodeFrame(1, frags[0] as Buffer);
  assert.ok(!no.ok && no.reason === 'fragmented');
  const r = new Ipv4Reassembler();
  const a = decodeFrame(1, frags[2] as Buffer, r, 1000);
  const b = decodeFrame(1, frags[0] as Buffer, r, 1001);
  const c = decodeFrame(1, frags[1] as Buffer, r);
  assert.ok(!a.ok && a.reason === 'fragment-pending');
  assert.ok(!b.ok && b.reason === 'fragment-pending');
  assert.ok(c.ok);
  assert.deepEqual([c.value.transport, c.value.payload.length], ['udp', 3000]);
});

const bad: [string, number, Buffer, string][] = [
  ['unknown link type', 147, udp4, 'unsupported-link'],
  ['ARP', 1, Buffer.concat([Buffer.alloc(12), Buffer.from('0806', 'hex'), Buffer.alloc(28)]), 'not-ip'],
  ['bad IP version behind ethertype 0800', 1, encodeEthernet(Buffer.from('7000', 'hex'), 4), 'bad-version'],
  ['IP cut short', 101, udp4.subarray(0, 30), 'truncated'],
  ['UDP cut short', 101, (() => { const b = Buffer.from(udp4.subarray(0, 24)); b.writeUInt16BE(24, 2); return b; })(), 'truncated'],
  ['TCP data offset 0', 101, (() => { const b = Buffer.from(must(encodeIpv4Tcp({ src: '1.1.1.1', dst: '2.2.2.2', srcPort: 1, dstPort: 2, payload: SIP }))); b[32] = 0; return b; })(), 'bad-header-length'],
];
for (const [name, lt, data, reason] of bad) {
  test(`decodeFrame: ${name} -> ${reason}`, () => {
    const r = decodeFrame(lt, data);
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason, r.detail);
  });
}

test('property: decodeFrame never throws on arbitrary bytes, with or without a reassembler', () => {
  const r = new Ipv4Reassembler({ maxPending: 16 });
  fc.assert(
    fc.property(fc.constantFrom(0, 1, 101, 113, 276), fc.uint8Array({ maxLength: 200 }), fc.boolean(), fc.nat(100000), (lt, raw, useR, now) => {
      const b = Buffer.from(raw);
      // Make IP-looking bytes likely so the deeper layers get exercised too.
      if (lt === 101 && b.length > 0) b[0] = ((b[0] ?? 0) & 1) === 0 ? 0x45 : 0x60;
      decodeFrame(lt, b, useR ? r : undefined, now);
    }),
    { numRuns: 5000 },
  );
  assert.ok(r.stats.pending <= 16);
});
