import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeIp, isFragment } from './ip.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

// IPv4 header: version/IHL, tos, total len, id, flags/frag, ttl, proto, csum, src, dst.
function v4(o: { ihl?: number; total?: number; id?: number; frag?: number; proto?: number; opts?: Buffer; payload?: Buffer; trailer?: Buffer }): Buffer {
  const opts = o.opts ?? Buffer.alloc(0);
  const payload = o.payload ?? Buffer.from('hello');
  const h = Buffer.alloc(20);
  h[0] = 0x40 | (o.ihl ?? 5 + opts.length / 4);
  h.writeUInt16BE(o.total ?? 20 + opts.length + payload.length, 2);
  h.writeUInt16BE(o.id ?? 0x1234, 4);
  h.writeUInt16BE(o.frag ?? 0, 6);
  h[8] = 63;
  h[9] = o.proto ?? 17;
  hex('0a000001 c0a80102').copy(h, 12);
  return Buffer.concat([h, opts, payload, o.trailer ?? Buffer.alloc(0)]);
}

function v6(next: number, ext: Buffer, payload: Buffer, plen?: number): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(plen ?? ext.length + payload.length, 4);
  h[6] = next;
  h[7] = 255;
  hex('20010db8000000000000000000000001').copy(h, 8);
  hex('20010db8000000000000000000000002').copy(h, 24);
  return Buffer.concat([h, ext, payload]);
}

test('IPv4: fields, addresses and payload', () => {
  const r = decodeIp(v4({}));
  assert.ok(r.ok);
  assert.deepEqual({ ...r.value, payload: r.value.payload.toString() }, {
    version: 4, src: '10.0.0.1', dst: '192.168.1.2', protocol: 17, id: 0x1234, fragOffset: 0, moreFragments: false, payload: 'hello', ttl: 63,
  });
});

test('IPv4: options are skipped by IHL', () => {
  const r = decodeIp(v4({ opts: hex('94040000 01010100') }));
  assert.ok(r.ok);
  assert.equal(r.value.payload.toString(), 'hello');
});

test('IPv4: Ethernet padding is trimmed to total length', () => {
  const r = decodeIp(v4({ trailer: Buffer.alloc(21) }));
  assert.ok(r.ok);
  assert.equal(r.value.payload.toString(), 'hello');
});

test('IPv4: total length 0 (TSO capture) means the captured length', () => {
  const r = decodeIp(v4({ total: 0 }));
  assert.ok(r.ok);
  assert.equal(r.value.payload.toString(), 'hello');
});

test('IPv4: fragment fields (MF, offset in bytes, DF ignored)', () => {
  const a = decodeIp(v4({ frag: 0x2000 | 0x4000 }));
  const b = decodeIp(v4({ frag: 185 }));
  assert.ok(a.ok && b.ok);
  assert.deepEqual([a.value.moreFragments, a.value.fragOffset, isFragment(a.value)], [true, 0, true]);
  assert.deepEqual([b.value.moreFragments, b.value.fragOffset, isFragment(b.value)], [false, 1480, true]);
  const whole = decodeIp(v4({ frag: 0x4000 }));
  assert.ok(whole.ok && !isFragment(whole.value));
});

const bad: [string, Buffer, string][] = [
  ['empty', Buffer.alloc(0), 'truncated'],
  ['version 5', Buffer.concat([hex('55'), Buffer.alloc(30)]), 'bad-version'],
  ['IPv4 under 20 bytes', v4({}).subarray(0, 19), 'truncated'],
  ['IHL 4', v4({ ihl: 4 }), 'bad-header-length'],
  ['IHL past buffer', v4({ ihl: 15 }), 'truncated'],
  ['total < IHL', v4({ total: 16 }), 'bad-length'],
  ['total > captured', v4({ total: 200 }), 'truncated'],
  ['IPv6 under 40 bytes', v6(17, Buffer.alloc(0), Buffer.alloc(0)).subarray(0, 39), 'truncated'],
  ['IPv6 payload length > captured', v6(17, Buffer.alloc(0), Buffer.alloc(8), 100), 'truncated'],
  ['IPv6 extension header cut', v6(0, hex('1100'), Buffer.alloc(0)), 'truncated'],
  ['IPv6 extension length past end', v6(60, hex('1105000000000000'), Buffer.alloc(8)), 'bad-length'],
  ['IPv6 fragment header cut', v6(44, hex('11000000'), Buffer.alloc(0)), 'truncated'],
];
for (const [name, buf, reason] of bad) {
  test(`decodeIp rejects ${name} as ${reason}`, () => {
    const r = decodeIp(buf);
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason, r.detail);
  });
}

test('IPv6: plain UDP', () => {
  const r = decodeIp(v6(17, Buffer.alloc(0), Buffer.from('payload!'), undefined));
  assert.ok(r.ok);
  assert.deepEqual([r.value.version, r.value.src, r.value.dst, r.value.protocol, r.value.ttl, r.value.id], [6, '2001:db8::1', '2001:db8::2', 17, 255, 0]);
  assert.equal(r.value.payload.toString(), 'payload!');
});

test('IPv6: padding after payload length is trimmed', () => {
  const r = decodeIp(Buffer.concat([v6(17, Buffer.alloc(0), Buffer.from('abc')), Buffer.alloc(7)]));
  assert.ok(r.ok);
  assert.equal(r.value.payload.toString(), 'abc');
});

test('IPv6: hop-by-hop, routing, destination options and AH are skipped', () => {
  const hbh = hex('2b00 010400000000'); // next 43 (routing), 8 bytes
  const rt = hex('3c01 0000 00000000 0000000000000000'); // next 60, len 1 -> 16 bytes
  const dst = hex('3300 0000 00000000'); // next 51 (AH)
  const ah = hex('1101 0000 00000000 00000000'); // next 17, len 1 -> (1+2)*4 = 12 bytes
  const r = decodeIp(v6(0, Buffer.concat([hbh, rt, dst, ah]), Buffer.from('sip')));
  assert.ok(r.ok);
  assert.equal(r.value.protocol, 17);
  assert.equal(r.value.payload.toString(), 'sip');
});

test('IPv6: fragment header gives id, offset, M, and stops decoding', () => {
  const first = decodeIp(v6(44, hex('11 00 0001 deadbeef'), Buffer.from('12345678')));
  assert.ok(first.ok);
  assert.deepEqual([first.value.protocol, first.value.id, first.value.fragOffset, first.value.moreFragments], [17, 0xdeadbeef, 0, true]);
  const later = decodeIp(v6(44, hex('11 00 0008 deadbeef'), Buffer.from('abc')));
  assert.ok(later.ok);
  assert.deepEqual([later.value.fragOffset, later.value.moreFragments, later.value.payload.toString()], [8, false, 'abc']);
});

test('IPv6: an atomic fragment header (offset 0, M=0) is skipped like any other', () => {
  const r = decodeIp(v6(44, hex('3c 00 0000 00000001'), Buffer.concat([hex('1100000000000000'), Buffer.from('x')])));
  assert.ok(r.ok);
  assert.deepEqual([r.value.protocol, r.value.payload.toString(), isFragment(r.value)], [17, 'x', false]);
});

test('IPv6: no-next-header (59) gives protocol 59 and what follows', () => {
  const r = decodeIp(v6(59, Buffer.alloc(0), Buffer.alloc(0)));
  assert.ok(r.ok);
  assert.equal(r.value.protocol, 59);
});

test('property: decodeIp never throws; payload stays inside the input', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0x45, 0x46, 0x4f, 0x60, 0x00), (raw, b0) => {
      const b = Buffer.from(raw);
      if (b.length > 0) b[0] = b0;
      const r = decodeIp(b);
      if (r.ok) assert.ok(r.value.payload.length <= b.length);
    }),
    { numRuns: 5000 },
  );
});
