import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeIpv4, encodeIpv4Tcp, encodeIpv4Udp, encodeIpv6Udp } from './encode.js';
import { fragmentIpv4 } from './fragment.js';
import { internetChecksum } from './checksum.js';
import { Ipv4Reassembler } from './reassembler.js';
import { decodeIpip, type IpipPacket } from './ipip.js';
import { encodeIpip } from './encode-ipip.js';

const must = <T>(r: { ok: true; value: T } | { ok: false; detail: string }): T => {
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};
const SIP = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: ipip-1\r\nContent-Length: 0\r\n\r\n');
const inner = (payload = SIP, id = 1): Buffer => must(encodeIpv4Udp({ src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5060, dstPort: 5070, payload, id }));
const wrap = (innerBuf: Buffer, id = 100): Buffer => must(encodeIpip('192.0.2.1', '192.0.2.200', innerBuf, { id }));
const WANT: IpipPacket = { outerSrc: '192.0.2.1', outerDst: '192.0.2.200', family: 4, src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5060, dstPort: 5070, transport: 'udp', payload: SIP };

// Inserts IPv4 options after a 20-byte header and fixes IHL, total length and checksum.
function withOptions(ip: Buffer, opts: Buffer): Buffer {
  const b = Buffer.concat([ip.subarray(0, 20), opts, ip.subarray(20)]);
  b[0] = 0x40 | ((20 + opts.length) / 4);
  b.writeUInt16BE(b.length, 2);
  b.writeUInt16BE(0, 10);
  b.writeUInt16BE(internetChecksum(b.subarray(0, 20 + opts.length)), 10);
  return b;
}

test('IPIP + UDP: inner endpoints, outer endpoints, SIP payload', () => {
  assert.deepEqual(decodeIpip(wrap(inner()), new Ipv4Reassembler(), 0), { ok: true, value: WANT });
});

test('outer IHL with options is honoured (Kamailio assumes 20 bytes)', () => {
  const r = decodeIpip(withOptions(wrap(inner()), Buffer.from('0101010101010101', 'hex')), new Ipv4Reassembler(), 0);
  assert.deepEqual(r, { ok: true, value: WANT });
});

test('inner IHL with options is honoured', () => {
  const r = decodeIpip(wrap(withOptions(inner(), Buffer.from('01010100', 'hex'))), new Ipv4Reassembler(), 0);
  assert.deepEqual(r, { ok: true, value: WANT });
});

test('trailing padding after the outer datagram is ignored', () => {
  const r = decodeIpip(Buffer.concat([wrap(inner()), Buffer.alloc(6)]), new Ipv4Reassembler(), 0);
  assert.deepEqual(r, { ok: true, value: WANT });
});

test('inner TCP: segment payload with seq and flags', () => {
  const t = must(encodeIpv4Tcp({ src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5060, dstPort: 5070, payload: SIP, seq: 123456 }));
  const r = decodeIpip(wrap(t), new Ipv4Reassembler(), 0);
  assert.deepEqual(r, { ok: true, value: { ...WANT, transport: 'tcp', tcp: { seq: 123456, flags: 0x18 } } });
});

test('protocol 41: an inner IPv6 packet (IPv4-mapped endpoints print as ::ffff:a.b.c.d)', () => {
  const six = must(encodeIpv6Udp({ src: '::ffff:10.0.0.1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5070, payload: SIP }));
  const outer = wrap(six);
  assert.equal(outer[9], 41);
  const r = decodeIpip(outer, new Ipv4Reassembler(), 0);
  assert.deepEqual(r, { ok: true, value: { ...WANT, family: 6, src: '::ffff:10.0.0.1', dst: '2001:db8::2' } });
});

test('an outer IPv6 header carrying IPv4 (protocol 4) is IP-in-IP too', () => {
  const outer = must(encodeIpv6Udp({ src: '2001:db8::a', dst: '2001:db8::b', srcPort: 1, dstPort: 2, payload: inner() }));
  outer[6] = 4; // next header: IPv4
  const body = outer.subarray(48); // drop the UDP header the encoder put in
  const ip6 = Buffer.concat([outer.subarray(0, 40), body]);
  ip6.writeUInt16BE(body.length, 4);
  assert.deepEqual(decodeIpip(ip6, new Ipv4Reassembler(), 0), { ok: true, value: { ...WANT, outerSrc: '2001:db8::a', outerDst: '2001:db8::b' } });
});

const mutate = (b: Buffer, f: (x: Buffer) => void): Buffer => {
  const c = Buffer.from(b);
  f(c);
  return c;
};
const plain = wrap(inner());
const reasons: [string, Buffer, string][] = [
  ['outer is plain UDP', inner(), 'not-ipip'],
  ['outer is IPv6', must(encodeIpv6Udp({ src: '::1', dst: '::2', srcPort: 1, dstPort: 2, payload: SIP })), 'not-ipip'],
  ['outer version 7', mutate(plain, (b) => { b[0] = 0x75; }), 'not-ipip'],
  ['empty buffer', Buffer.alloc(0), 'truncated'],
  ['outer cut short', plain.subarray(0, 60), 'truncated'],
  ['outer header under 20 bytes', plain.subarray(0, 12), 'truncated'],
  ['outer IHL 4', mutate(plain, (b) => { b[0] = 0x44; }), 'bad-length'],
  ['outer total length < IHL', mutate(plain, (b) => b.writeUInt16BE(12, 2)), 'bad-length'],
  ['no inner packet', must(encodeIpv4(4, { src: '1.1.1.1', dst: '2.2.2.2', payload: Buffer.alloc(0) })), 'truncated'],
  ['inner shorter than 20 bytes', must(encodeIpv4(4, { src: '1.1.1.1', dst: '2.2.2.2', payload: inner().subarray(0, 12) })), 'truncated'],
  ['inner total length past the outer payload', wrap(mutate(inner(), (b) => b.writeUInt16BE(2000, 2))), 'bad-length'],
  ['inner IHL 3', wrap(mutate(inner(), (b) => { b[0] = 0x43; })), 'bad-length'],
  ['inner is IPv6 under protocol 4 (41 carries IPv6)', must(encodeIpv4(4, { src: '1.1.1.1', dst: '2.2.2.2', payload: must(encodeIpv6Udp({ src: '::1', dst: '::2', srcPort: 1, dstPort: 2, payload: SIP })) })), 'inner-not-ipv4'],
  ['inner is IPv4 under protocol 41', must(encodeIpv4(41, { src: '1.1.1.1', dst: '2.2.2.2', payload: inner() })), 'inner-not-ipv6'],
  ['inner IPv6 shorter than 40 bytes', must(encodeIpv4(41, { src: '1.1.1.1', dst: '2.2.2.2', payload: Buffer.from('60000000', 'hex') })), 'truncated'],
  ['inner is ICMP', wrap(must(encodeIpv4(1, { src: '10.1.1.1', dst: '10.2.2.2', payload: Buffer.alloc(16) }))), 'unsupported-transport'],
  ['inner UDP under 8 bytes', wrap(must(encodeIpv4(17, { src: '10.1.1.1', dst: '10.2.2.2', payload: Buffer.alloc(5) }))), 'truncated'],
  ['inner UDP length past the datagram', wrap(mutate(inner(), (b) => b.writeUInt16BE(5000, 24))), 'bad-length'],
  ['inner UDP length under 8', wrap(mutate(inner(), (b) => b.writeUInt16BE(7, 24))), 'bad-length'],
  ['inner TCP data offset 4', wrap(mutate(must(encodeIpv4Tcp({ src: '1.1.1.1', dst: '2.2.2.2', srcPort: 1, dstPort: 2, payload: SIP })), (b) => { b[32] = 0x40; })), 'bad-length'],
  ['inner TCP cut under 20 bytes', wrap(must(encodeIpv4(6, { src: '10.1.1.1', dst: '10.2.2.2', payload: Buffer.alloc(12) }))), 'truncated'],
];
for (const [name, buf, reason] of reasons) {
  test(`decodeIpip: ${name} -> ${reason}`, () => {
    const r = decodeIpip(buf, new Ipv4Reassembler(), 0);
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason, r.detail);
  });
}

// ---------- fragmentation ----------

// 2000 bytes of SIP: 2028 bytes of inner IPv4 -> 3 outer fragments of <= 1000 bytes.
const BIG = Buffer.from(`INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: big\r\nX-Pad: ${'p'.repeat(2000 - 61)}\r\n\r\n`);

test('outer fragments out of order, with duplicates, reassemble into one packet', () => {
  const frags = must(fragmentIpv4(wrap(inner(BIG)), 1000));
  assert.equal(frags.length, 3);
  const r = new Ipv4Reassembler();
  const order = [2, 0, 2, 0, 1];
  const got = order.map((i, n) => decodeIpip(frags[i] as Buffer, r, n * 10));
  assert.deepEqual(got.slice(0, 4), [{ ok: true, value: null }, { ok: true, value: null }, { ok: true, value: null }, { ok: true, value: null }]);
  assert.deepEqual(got[4], { ok: true, value: { ...WANT, payload: BIG } });
  assert.deepEqual([r.stats.duplicates, r.stats.reassembled, r.stats.pending], [2, 1, 0]);
});

test('a missing outer fragment: waiting (null), then evicted on timeout', () => {
  const frags = must(fragmentIpv4(wrap(inner(BIG)), 1000));
  const r = new Ipv4Reassembler({ timeoutMs: 30_000 });
  assert.deepEqual(decodeIpip(frags[0] as Buffer, r, 0), { ok: true, value: null });
  assert.deepEqual(decodeIpip(frags[2] as Buffer, r, 10), { ok: true, value: null });
  assert.equal(r.stats.pending, 1);
  // An unrelated packet 30 s later drives the clock: the stale datagram is dropped.
  assert.ok(decodeIpip(wrap(inner()), r, 30_000).ok);
  assert.deepEqual([r.stats.pending, r.stats.timedOut, r.stats.pendingBytes], [0, 1, 0]);
  // The late fragment alone now just starts a new, incomplete datagram.
  assert.deepEqual(decodeIpip(frags[1] as Buffer, r, 30_001), { ok: true, value: null });
});

test('conflicting outer fragments are rejected with a fragment reason', () => {
  const frags = must(fragmentIpv4(wrap(inner(BIG)), 1000));
  const liar = Buffer.from(frags[1] as Buffer);
  liar[100] = (liar[100] ?? 0) ^ 0xff;
  const r = new Ipv4Reassembler();
  decodeIpip(frags[1] as Buffer, r, 0);
  const res = decodeIpip(liar, r, 0);
  assert.ok(!res.ok && res.reason === 'fragment-overlap');
  const after = decodeIpip(frags[0] as Buffer, r, 0);
  assert.ok(!after.ok && after.reason === 'fragment-after-reject');
});

test('inner fragments (each in its own IPIP packet) reassemble, in the same or a separate reassembler', () => {
  const innerFrags = must(fragmentIpv4(inner(BIG, 7), 600));
  assert.equal(innerFrags.length, 4);
  for (const separate of [false, true]) {
    const outer = new Ipv4Reassembler();
    const innerR = separate ? new Ipv4Reassembler() : undefined;
    const res = [3, 1, 0, 2].map((i, n) => decodeIpip(wrap(innerFrags[i] as Buffer, 200 + n), outer, 0, innerR));
    assert.deepEqual(res.slice(0, 3).map((x) => x.ok && x.value), [null, null, null]);
    assert.deepEqual(res[3], { ok: true, value: { ...WANT, payload: BIG } });
    assert.equal((innerR ?? outer).stats.reassembled, 1);
  }
});

test('outer and inner fragmentation together', () => {
  const innerFrags = must(fragmentIpv4(inner(BIG, 9), 1200));
  const r = new Ipv4Reassembler();
  const outerFrags = innerFrags.flatMap((f, n) => must(fragmentIpv4(wrap(f, 300 + n), 512)));
  assert.ok(outerFrags.length > innerFrags.length);
  const res = outerFrags.reverse().map((f) => decodeIpip(f, r, 0));
  assert.deepEqual(res.at(-1), { ok: true, value: { ...WANT, payload: BIG } });
  assert.equal(res.filter((x) => x.ok && x.value !== null).length, 1);
  assert.equal(r.stats.pending, 0);
});

test('property: decodeIpip never throws on arbitrary or mutated input', () => {
  const seed = wrap(inner());
  const r = new Ipv4Reassembler({ maxPending: 8 });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }).map((muts) => {
          const b = Buffer.from(seed);
          for (const [at, v] of muts) b[at % b.length] = v;
          return b;
        }),
      ),
      fc.nat(1_000_000),
      (buf, now) => void decodeIpip(buf, r, now),
    ),
    { numRuns: 5000 },
  );
});

test('property: random outer fragmentation in random order returns the SIP payload', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.nat()), (raw, k, swaps) => {
      const payload = Buffer.from(raw);
      const frags = must(fragmentIpv4(wrap(inner(payload)), k * 8));
      for (const [n, s] of swaps.entries()) {
        const i = n % frags.length;
        const j = s % frags.length;
        [frags[i], frags[j]] = [frags[j] as Buffer, frags[i] as Buffer];
      }
      const r = new Ipv4Reassembler();
      const out = frags.map((f) => decodeIpip(f, r, 0)).filter((x) => !x.ok || x.value !== null);
      assert.deepEqual(out, [{ ok: true, value: { ...WANT, payload } }]);
    }),
    { numRuns: 300 },
  );
});
