import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeHep } from './decode-hep.js';
import { encodeHep } from './encode-hep.js';
import { SPEC_EXAMPLE_HEX } from './test-bytes.js';
import type { HepEncodeOptions, HepEncodeReason, HepPacket, HepVersion } from './types.js';

const OPTIONS = Buffer.from('OPTIONS sip:bob@10.0.0.2 SIP/2.0\r\nCall-ID: a@b\r\n\r\n');

function packet(fields: Partial<HepPacket> = {}): HepPacket {
  return {
    version: 3, family: 4, ipProtocol: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5062,
    tsSec: 1700000000, tsUsec: 123456, captureId: 2001, protoType: 1, payload: OPTIONS, compressed: false,
    unknownChunks: [], flags: [], ...fields,
  };
}

function encode(p: HepPacket, version: HepVersion, opts?: HepEncodeOptions): Buffer {
  const r = encodeHep(p, version, opts);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}: ${r.detail}`);
  return r.value;
}

const hex = (b: Buffer): string => b.toString('hex');

describe('encodeHep example bytes', () => {
  it('reproduces the hep.md §2.9 spec example byte for byte', () => {
    const p = packet({ srcIp: '212.202.0.1', dstIp: '82.116.0.211', srcPort: 12010, dstPort: 5060, tsSec: 1313440459, tsUsec: 120000, captureId: 228, payload: Buffer.from('INVITE sip:bob') });
    assert.equal(hex(encode(p, 3)), SPEC_EXAMPLE_HEX);
  });
  it('reproduces the hep.md §1.8 v1/IPv4 bytes', () => {
    assert.equal(hex(encode(packet(), 1)), '0110021113c413c60a0000010a000002' + hex(OPTIONS));
  });
  it('reproduces the hep.md §1.8 v2/IPv4 bytes', () => {
    assert.equal(hex(encode(packet(), 2)), '0210021113c413c60a0000010a000002' + '00f1536540e20100d1070000' + hex(OPTIONS));
  });
  it('reproduces the hep.md §1.8 v2/IPv6 bytes', () => {
    const out = encode(packet({ family: 6, srcIp: '2001:db8::1', dstIp: '2001:db8::2' }), 2);
    assert.equal(
      hex(out),
      '02280a1113c413c6' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' + '00f1536540e20100d1070000' + hex(OPTIONS),
    );
  });
  it('writes v3 optional chunks after the core ones and the payload last (§2.10)', () => {
    const out = encode(packet({ nodeName: 'n', authKey: 'k', correlationId: 'c', vlan: 5, unknownChunks: [{ vendor: 2, type: 1, body: Buffer.from('v') }] }), 3);
    const order: string[] = [];
    for (let off = 6; off < out.length; off += out.readUInt16BE(off + 4)) order.push(`${out.readUInt16BE(off)}/${out.readUInt16BE(off + 2)}`);
    assert.deepEqual(order, ['0/1', '0/2', '0/3', '0/4', '0/7', '0/8', '0/9', '0/10', '0/11', '0/12', '0/17', '0/14', '0/19', '0/18', '2/1', '0/15']);
  });
  it('omits the time and capture id chunks when they are absent', () => {
    const p = packet();
    delete p.tsSec;
    delete p.tsUsec;
    delete p.captureId;
    const out = encode(p, 3);
    assert.equal(out.length, 6 + 7 + 7 + 10 + 10 + 8 + 8 + 7 + 6 + OPTIONS.length);
    assert.deepEqual(decodeHep(out), { ok: true, value: p });
  });
  it('writes chunk 0x0010 instead of 0x000f when compressing', () => {
    for (const [compression, magic] of [['zlib', '78'], ['gzip', '1f8b']] as const) {
      const out = encode(packet(), 3, { compression });
      assert.equal(out.indexOf(Buffer.from('0000000f', 'hex')), -1);
      const at = out.indexOf(Buffer.from('00000010', 'hex'));
      assert.ok(at > 0 && hex(out.subarray(at + 6)).startsWith(magic), compression);
    }
  });
});

describe('encodeHep round trips', () => {
  const v4 = { family: 4, srcIp: '192.168.1.10', dstIp: '10.20.30.40' } as const;
  const v6 = { family: 6, srcIp: '2001:db8::1', dstIp: 'fe80::202:b3ff:fe1e:8329' } as const;
  for (const addrs of [v4, v6]) {
    it(`v1/IPv${addrs.family}`, () => {
      const p: HepPacket = { version: 1, ...addrs, ipProtocol: 6, srcPort: 1, dstPort: 65535, protoType: 1, payload: OPTIONS, compressed: false, unknownChunks: [], flags: [] };
      assert.deepEqual(decodeHep(encode(p, 1)), { ok: true, value: p });
    });
    it(`v2/IPv${addrs.family}`, () => {
      const p = packet({ version: 2, ...addrs, captureId: 65535, tsSec: 0xffffffff, tsUsec: 999999 });
      assert.deepEqual(decodeHep(encode(p, 2)), { ok: true, value: p });
    });
    for (const compression of ['none', 'zlib', 'gzip'] as const) {
      it(`v3/IPv${addrs.family} compression ${compression}`, () => {
        const p = packet({
          ...addrs, compressed: compression !== 'none', authKey: 'myHep', correlationId: 'a@b', nodeName: 'edge-1', vlan: 4094,
          srcMac: '00:11:22:33:44:55', mos: 438, jitter: 7, tags: 'x=y', unknownChunks: [{ vendor: 3, type: 0x0065, body: Buffer.from('{}') }],
        });
        const r = decodeHep(encode(p, 3, { compression }), { authKey: 'myHep' });
        assert.deepEqual(r, { ok: true, value: p });
      });
    }
  }
  it('compresses by default when packet.compressed is set', () => {
    const p = packet({ compressed: true, payload: Buffer.alloc(2000, 'a') });
    const out = encode(p, 3);
    assert.ok(out.length < 200);
    assert.deepEqual(decodeHep(out), { ok: true, value: p });
  });
  it('accepts IPv6 input in any valid spelling and decodes it canonically', () => {
    const r = decodeHep(encode(packet({ family: 6, srcIp: '2001:0DB8:0:0:0:0:0:1', dstIp: '::ffff:10.0.0.1' }), 3));
    assert.ok(r.ok);
    assert.deepEqual([r.value.srcIp, r.value.dstIp], ['2001:db8::1', '::ffff:10.0.0.1']);
  });
});

describe('encodeHep rejections', () => {
  const big = Buffer.alloc(65600, 0x61);
  const cases: { name: string; p: HepPacket; version: HepVersion; reason: HepEncodeReason; detail?: RegExp; opts?: HepEncodeOptions }[] = [
    { name: 'IPv6 address in an IPv4 packet', p: packet({ srcIp: '::1' }), version: 3, reason: 'bad-address', detail: /srcIp "::1" is not an IPv4/ },
    { name: 'IPv4 address in an IPv6 packet', p: packet({ family: 6, srcIp: '::1' }), version: 2, reason: 'bad-address', detail: /dstIp "10.0.0.2"/ },
    { name: 'zone id', p: packet({ family: 6, srcIp: 'fe80::1%eth0', dstIp: '::1' }), version: 3, reason: 'bad-address' },
    { name: 'hostname', p: packet({ srcIp: 'localhost' }), version: 1, reason: 'bad-address' },
    { name: 'family 5', p: packet({ family: 5 as 4 }), version: 3, reason: 'bad-field', detail: /family 5/ },
    { name: 'port 65536', p: packet({ srcPort: 65536 }), version: 3, reason: 'bad-field', detail: /srcPort 65536 does not fit in u16/ },
    { name: 'negative port', p: packet({ dstPort: -1 }), version: 1, reason: 'bad-field' },
    { name: 'fractional seconds', p: packet({ tsSec: 1.5 }), version: 3, reason: 'bad-field' },
    { name: 'v2 capture id above u16', p: packet({ captureId: 70000 }), version: 2, reason: 'bad-field', detail: /captureId 70000 does not fit in u16/ },
    { name: 'v3 capture id above u32', p: packet({ captureId: 2 ** 32 }), version: 3, reason: 'bad-field' },
    { name: 'ip protocol 256', p: packet({ ipProtocol: 256 }), version: 2, reason: 'bad-field' },
    { name: 'proto type 300', p: packet({ protoType: 300 }), version: 3, reason: 'bad-field' },
    { name: 'vlan 70000', p: packet({ vlan: 70000 }), version: 3, reason: 'bad-field', detail: /vlan 70000 does not fit/ },
    { name: 'bad MAC', p: packet({ srcMac: '00:11:22' }), version: 3, reason: 'bad-field', detail: /srcMac "00:11:22"/ },
    { name: 'raw chunk clashing with the payload chunk', p: packet({ unknownChunks: [{ vendor: 0, type: 0x000f, body: Buffer.from('x') }] }), version: 3, reason: 'bad-field', detail: /unknownChunks\[0\] has type 0x000f/ },
    { name: 'raw chunk vendor 0 type 0', p: packet({ unknownChunks: [{ vendor: 0, type: 0, body: Buffer.alloc(0) }] }), version: 3, reason: 'bad-field' },
    { name: 'raw chunk vendor above u16', p: packet({ unknownChunks: [{ vendor: 65536, type: 1, body: Buffer.alloc(0) }] }), version: 3, reason: 'bad-field' },
    { name: 'empty payload', p: packet({ payload: Buffer.alloc(0) }), version: 3, reason: 'no-payload' },
    { name: 'empty v1 payload', p: packet({ payload: Buffer.alloc(0) }), version: 1, reason: 'no-payload' },
    { name: 'v3 payload above a chunk', p: packet({ payload: big }), version: 3, reason: 'too-large', detail: /chunk body of 65600 bytes/ },
    { name: 'v3 total above 65535', p: packet({ payload: big.subarray(0, 65500) }), version: 3, reason: 'too-large', detail: /v3 message of \d+ bytes/ },
    { name: 'v2 datagram above UDP max', p: packet({ payload: big.subarray(0, 65500) }), version: 2, reason: 'too-large', detail: /UDP limit 65507/ },
    { name: 'version 4', p: packet(), version: 4 as 3, reason: 'bad-field' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = encodeHep(c.p, c.version, c.opts);
      assert.equal(r.ok, false);
      assert.equal(r.reason, c.reason, r.detail);
      if (c.detail) assert.match(r.detail, c.detail);
    });
  }
  it('compresses a payload too big for a plain chunk into one that fits', () => {
    const p = packet({ payload: big, compressed: true });
    const r = decodeHep(encode(p, 3), { maxPayloadBytes: 70000 });
    assert.deepEqual(r, { ok: true, value: p });
  });
});
