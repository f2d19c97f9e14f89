import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeHep } from './decode-hep.js';
import { allowedSizes, KNOWN_KINDS } from './hep3-chunks.js';
import { be, chunk, hep12, hep3, message, SPEC_EXAMPLE_HEX } from './test-bytes.js';
import type { HepDecodeOptions, HepFlag, HepPacket, HepRejectReason } from './types.js';

function accept(buf: Buffer, opts?: HepDecodeOptions): HepPacket {
  const r = decodeHep(buf, opts);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}: ${r.detail}`);
  return r.value;
}

const PAYLOAD = 'OPTIONS sip:bob@10.0.0.2 SIP/2.0\r\n\r\n';
const big = Buffer.alloc(65537, 0x41);

describe('decodeHep rejections', () => {
  const cases: { name: string; buf: Buffer; reason: HepRejectReason; detail?: RegExp; opts?: HepDecodeOptions }[] = [
    { name: 'empty buffer', buf: Buffer.alloc(0), reason: 'truncated' },
    { name: '"HE" prefix', buf: Buffer.from('HE'), reason: 'truncated' },
    { name: 'v3 header cut at 5 bytes', buf: Buffer.from('HEP3\x00'), reason: 'truncated', detail: /needs 6 bytes, got 5/ },
    { name: 'v3 total > buffer', buf: message().subarray(0, 50), reason: 'truncated', detail: /total length \d+ exceeds the 50-byte buffer/ },
    { name: 'v3 total 5', buf: hep3([], 5), reason: 'bad-length', detail: /total length 5/ },
    { name: 'v3 total 0', buf: hep3([chunk(0x0f, 'x')], 0), reason: 'bad-length' },
    { name: 'chunk length 0', buf: message({ set: [chunk(0x0022, '', 0, 0)] }), reason: 'bad-chunk', detail: /chunk 0x0022 at offset \d+ length 0, below 6/ },
    { name: 'chunk length 5', buf: message({ set: [chunk(0x0022, '', 0, 5)] }), reason: 'bad-chunk', detail: /length 5, below 6/ },
    { name: 'chunk past total', buf: hep3([chunk(0x000f, 'abc', 0, 40)]), reason: 'bad-chunk', detail: /runs past total length 15/ },
    { name: 'stray bytes after last chunk', buf: hep3([chunk(0x000f, 'abc'), Buffer.from([0, 0, 0])]), reason: 'bad-chunk', detail: /3 stray bytes/ },
    { name: 'vendor 0 / type 0', buf: message({ set: [chunk(0, 'x')] }), reason: 'bad-chunk', detail: /chunk 0x0000 .* reserved/ },
    { name: 'port chunk length 9', buf: message({ set: [chunk(0x0007, Buffer.alloc(3))] }), reason: 'bad-chunk-size', detail: /^chunk 0x0007 length 9, expected 8$/ },
    { name: 'VLAN body 3', buf: message({ set: [chunk(0x0012, Buffer.alloc(3))] }), reason: 'bad-chunk-size', detail: /expected 7 or 8/ },
    { name: 'MAC body 7', buf: message({ set: [chunk(0x0014, Buffer.alloc(7))] }), reason: 'bad-chunk-size', detail: /expected 12 or 14/ },
    { name: 'first byte 0', buf: Buffer.from([0, 1, 2, 3, 4]), reason: 'unknown-version', detail: /00 01 02 03/ },
    { name: 'first byte 3', buf: Buffer.from([3, 16, 2, 17]), reason: 'unknown-version' },
    { name: 'EEP1 magic', buf: Buffer.concat([Buffer.from('EEP1'), message().subarray(4)]), reason: 'unknown-version' },
    { name: 'plain SIP', buf: Buffer.from(PAYLOAD), reason: 'unknown-version' },
    { name: 'STUN binding success (01 01)', buf: Buffer.from('0101000c2112a442' + '00'.repeat(24), 'hex'), reason: 'bad-family', detail: /family byte 0/ },
    { name: 'v1 family 28', buf: hep12({ version: 1, family: 28 }), reason: 'bad-family', detail: /family byte 28/ },
    { name: 'v1 two bytes', buf: Buffer.from([1, 16]), reason: 'truncated' },
    { name: 'v1/IPv4 cut at 15', buf: hep12({ version: 1 }).subarray(0, 15), reason: 'truncated', detail: /v1\/IPv4 needs 16 bytes .* got 15/ },
    { name: 'v1/IPv6 cut at 39', buf: hep12({ version: 1, family: 10, addrLen: 16 }).subarray(0, 39), reason: 'truncated', detail: /needs 40/ },
    { name: 'v2/IPv4 cut at 27', buf: hep12({ version: 2 }).subarray(0, 27), reason: 'truncated', detail: /v2\/IPv4 needs 28/ },
    { name: 'v2/IPv6 cut at 51', buf: hep12({ version: 2, family: 10, addrLen: 16 }).subarray(0, 51), reason: 'truncated', detail: /needs 52/ },
    { name: 'v2 with no payload', buf: hep12({ version: 2, payload: '' }), reason: 'no-payload', detail: /offset 28/ },
    { name: 'v1 with no payload', buf: hep12({ version: 1, payload: '' }), reason: 'no-payload' },
    { name: 'v3 without payload chunk', buf: message({ drop: [0x000f] }), reason: 'no-payload', detail: /no payload chunk/ },
    { name: 'v3 empty 0x000f', buf: message({ drop: [0x000f], set: [chunk(0x000f, '')] }), reason: 'no-payload', detail: /0x000f is empty/ },
    { name: 'v3 empty 0x0010', buf: message({ drop: [0x000f], set: [chunk(0x0010, '')] }), reason: 'no-payload', detail: /0x0010 is empty/ },
    { name: 'v3 0x0010 inflating to nothing', buf: message({ drop: [0x000f], set: [chunk(0x0010, deflateSync(Buffer.alloc(0)))] }), reason: 'no-payload' },
    { name: 'garbage 0x0010', buf: message({ drop: [0x000f], set: [chunk(0x0010, 'not compressed at all')] }), reason: 'bad-compression', detail: /21 bytes .*6e 6f 74 20/ },
    { name: 'truncated zlib 0x0010', buf: message({ drop: [0x000f], set: [chunk(0x0010, deflateSync(Buffer.from(PAYLOAD)).subarray(0, 10))] }), reason: 'bad-compression' },
    { name: 'zlib bomb past 64 KiB', buf: message({ drop: [0x000f], set: [chunk(0x0010, deflateSync(big))] }), reason: 'too-large', detail: /past 65536/ },
    { name: 'gzip bomb of 50 MB', buf: message({ drop: [0x000f], set: [chunk(0x0010, gzipSync(Buffer.alloc(50_000_000)))] }), reason: 'too-large' },
    { name: 'plain payload above maxPayloadBytes', buf: message(), reason: 'too-large', detail: /payload of 36 bytes, limit 10/, opts: { maxPayloadBytes: 10 } },
    { name: 'v2 payload above maxPayloadBytes', buf: hep12({ version: 2 }), reason: 'too-large', opts: { maxPayloadBytes: 3 } },
    { name: 'no source address', buf: message({ drop: [0x0003] }), reason: 'missing-address', detail: /no source address/ },
    { name: 'no destination address', buf: message({ drop: [0x0004] }), reason: 'missing-address', detail: /no destination address/ },
    { name: 'no addresses at all', buf: message({ drop: [0x0003, 0x0004] }), reason: 'missing-address' },
    { name: 'IPv6 destination only', buf: message({ drop: [0x0003, 0x0004], set: [chunk(0x0006, Buffer.alloc(16))] }), reason: 'missing-address' },
    { name: 'IPv4 source + IPv6 destination', buf: message({ drop: [0x0004], set: [chunk(0x0006, Buffer.alloc(16))] }), reason: 'bad-family', detail: /both IPv4/ },
    { name: 'wrong auth key', buf: message({ set: [chunk(0x000e, 'nope')] }), reason: 'auth-failed', detail: /4 bytes\) does not match/, opts: { authKey: 'myHep' } },
    { name: 'same-length wrong auth key', buf: message({ set: [chunk(0x000e, 'myHeP')] }), reason: 'auth-failed', opts: { authKey: 'myHep' } },
    { name: 'a prefix of the auth key', buf: message({ set: [chunk(0x000e, 'myHe')] }), reason: 'auth-failed', opts: { authKey: 'myHep' } },
    { name: 'the auth key and more', buf: message({ set: [chunk(0x000e, 'myHep2')] }), reason: 'auth-failed', opts: { authKey: 'myHep' } },
    { name: 'missing auth key', buf: message(), reason: 'auth-failed', detail: /no auth key chunk/, opts: { authKey: 'myHep' } },
    { name: 'auth on v1', buf: hep12({ version: 1 }), reason: 'auth-failed', detail: /v1 cannot carry/, opts: { authKey: '' } },
    { name: 'auth on v2', buf: hep12({ version: 2 }), reason: 'auth-failed', opts: { authKey: 'myHep' } },
    { name: 'auth checked before inflating', buf: message({ drop: [0x000f], set: [chunk(0x0010, 'junk')] }), reason: 'auth-failed', opts: { authKey: 'k' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = decodeHep(c.buf, c.opts);
      assert.equal(r.ok, false, `expected ${c.reason}`);
      assert.equal(r.reason, c.reason, r.detail);
      if (c.detail) assert.match(r.detail, c.detail);
    });
  }

  it('rejects every fixed-size generic chunk with a wrong body size', () => {
    for (const [type, kind] of KNOWN_KINDS) {
      const sizes = allowedSizes(kind);
      if (!sizes) continue;
      for (const size of [0, Math.max(...sizes) + 1]) {
        const r = decodeHep(message({ set: [chunk(type, Buffer.alloc(size))] }));
        assert.equal(r.ok ? 'ok' : r.reason, 'bad-chunk-size', `type 0x${type.toString(16)} body ${size}`);
      }
    }
  });
});

describe('decodeHep flags', () => {
  const cases: { name: string; buf: Buffer; flags: HepFlag[]; check?: (p: HepPacket) => void }[] = [
    { name: 'clean v3', buf: message(), flags: [] },
    { name: 'trailing bytes after total length', buf: Buffer.concat([message(), Buffer.from('\0\0\0junk')]), flags: ['trailing-bytes'], check: (p) => assert.equal(p.payload.toString(), PAYLOAD) },
    { name: 'family chunk says IPv6 for IPv4 addresses', buf: message({ drop: [0x0001], set: [chunk(0x0001, be(10, 1))] }), flags: ['family-mismatch'], check: (p) => assert.equal(p.family, 4) },
    { name: 'BSD AF_INET6 value 28 on IPv6 addresses', buf: message({ drop: [0x0001, 0x0003, 0x0004], set: [chunk(0x0001, be(28, 1)), chunk(0x0005, Buffer.alloc(16)), chunk(0x0006, Buffer.alloc(16))] }), flags: ['family-mismatch'], check: (p) => assert.deepEqual([p.family, p.srcIp], [6, '::']) },
    { name: 'no family chunk', buf: message({ drop: [0x0001] }), flags: ['missing-family'], check: (p) => assert.equal(p.family, 4) },
    { name: 'no ip protocol chunk', buf: message({ drop: [0x0002] }), flags: ['missing-ip-protocol'], check: (p) => assert.equal(p.ipProtocol, 0) },
    { name: 'no port chunks', buf: message({ drop: [0x0007, 0x0008] }), flags: ['missing-port'], check: (p) => assert.deepEqual([p.srcPort, p.dstPort], [0, 0]) },
    { name: 'no proto type chunk', buf: message({ drop: [0x000b] }), flags: ['missing-proto-type'], check: (p) => assert.equal(p.protoType, 0) },
    { name: 'usec 1,000,000 in v3', buf: message({ drop: [0x000a], set: [chunk(0x000a, be(1_000_000, 4))] }), flags: ['usec-overflow'], check: (p) => assert.equal(p.tsUsec, 1_000_000) },
    { name: 'usec overflow in v2', buf: hep12({ version: 2, time: Buffer.from('00f1536540420f0000000000', 'hex') }), flags: ['usec-overflow'] },
    { name: 'duplicate port chunk, last wins', buf: message({ set: [chunk(0x0007, be(1, 2)), chunk(0x0007, be(2, 2))] }), flags: ['duplicate-chunk'], check: (p) => assert.equal(p.srcPort, 2) },
    { name: 'plain and compressed payload: plain wins, 0x0010 not inflated', buf: message({ set: [chunk(0x0010, 'garbage, never inflated')] }), flags: ['both-payloads'], check: (p) => assert.deepEqual([p.payload.toString(), p.compressed], [PAYLOAD, false]) },
    { name: 'v1 hp_l 0x99', buf: hep12({ version: 1, hpL: 0x99 }), flags: ['hp_l-unusual'] },
    { name: 'v2 hp_l 28 (sofia-sip) is usual', buf: hep12({ version: 2, hpL: 28 }), flags: [] },
    { name: 'v2/IPv6 hp_l 52 is usual', buf: hep12({ version: 2, hpL: 52, family: 10, addrLen: 16 }), flags: [] },
    { name: 'several at once, in detection order', buf: Buffer.concat([message({ drop: [0x0001, 0x0002], set: [chunk(0x000b, be(1, 1))] }), Buffer.from('x')]), flags: ['trailing-bytes', 'duplicate-chunk', 'missing-family', 'missing-ip-protocol'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = accept(c.buf);
      assert.deepEqual(p.flags, c.flags);
      c.check?.(p);
    });
  }
});

describe('decodeHep v1/v2', () => {
  const payload = Buffer.from(PAYLOAD);
  it('decodes the hep.md §1.8 v1/IPv4 bytes', () => {
    const p = accept(Buffer.concat([Buffer.from('0110021113c413c60a0000010a000002', 'hex'), payload]));
    assert.deepEqual(p, {
      version: 1, family: 4, ipProtocol: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5062,
      protoType: 1, payload, compressed: false, unknownChunks: [], flags: [],
    });
  });
  it('decodes the hep.md §1.8 v2/IPv4 bytes with a little-endian time block', () => {
    const p = accept(Buffer.concat([Buffer.from('0210021113c413c60a0000010a000002' + '00f1536540e20100d1070000', 'hex'), payload]));
    assert.deepEqual([p.version, p.tsSec, p.tsUsec, p.captureId, p.payload.toString()], [2, 1700000000, 123456, 2001, PAYLOAD]);
  });
  it('decodes the hep.md §1.8 v2/IPv6 bytes', () => {
    const src = '20010db8000000000000000000000001';
    const dst = '20010db8000000000000000000000002';
    const p = accept(Buffer.concat([Buffer.from(`02280a1113c413c6${src}${dst}00f1536540e20100d1070000`, 'hex'), payload]));
    assert.deepEqual([p.family, p.srcIp, p.dstIp, p.tsSec, p.captureId], [6, '2001:db8::1', '2001:db8::2', 1700000000, 2001]);
    assert.equal(p.payload.toString(), PAYLOAD);
  });
  it('ignores garbage in the v2 padding bytes', () => {
    const p = accept(hep12({ version: 2, time: Buffer.from('00f1536540e20100d107beef', 'hex') }));
    assert.deepEqual([p.tsSec, p.tsUsec, p.captureId, p.flags], [1700000000, 123456, 2001, []]);
  });
  it('keeps trailing NULs (OpenSIPS padding) as payload bytes', () => {
    const p = accept(Buffer.concat([hep12({ version: 1, payload: 'X' }), Buffer.alloc(8)]));
    assert.equal(p.payload.length, 9);
  });
});

describe('decodeHep v3', () => {
  it('decodes the spec example of hep.md §2.9', () => {
    const p = accept(Buffer.from(SPEC_EXAMPLE_HEX, 'hex'));
    assert.deepEqual(p, {
      version: 3, family: 4, ipProtocol: 17, srcIp: '212.202.0.1', dstIp: '82.116.0.211', srcPort: 12010, dstPort: 5060,
      tsSec: 1313440459, tsUsec: 120000, protoType: 1, captureId: 228, payload: Buffer.from('INVITE sip:bob'),
      compressed: false, unknownChunks: [], flags: [],
    });
  });
  it('accepts chunks in any order, payload first and correlation after it (OpenSIPS)', () => {
    const base = message();
    const payloadChunk = chunk(0x000f, PAYLOAD);
    const rest = base.subarray(6, base.length - payloadChunk.length);
    const p = accept(hep3([payloadChunk, chunk(0x0011, 'call-1@host'), rest]));
    assert.deepEqual([p.correlationId, p.payload.toString(), p.srcPort, p.flags], ['call-1@host', PAYLOAD, 5060, []]);
  });
  it('decodes IPv6 address chunks in compressed form', () => {
    const src = Buffer.from('20010db8000000000000000000000001', 'hex');
    const dst = Buffer.from('fe800000000000000202b3fffe1e8329', 'hex');
    const p = accept(message({ drop: [0x0001, 0x0003, 0x0004], set: [chunk(0x0001, be(10, 1)), chunk(0x0005, src), chunk(0x0006, dst)] }));
    assert.deepEqual([p.family, p.srcIp, p.dstIp, p.flags], [6, '2001:db8::1', 'fe80::202:b3ff:fe1e:8329', []]);
  });
  it('decodes every optional chunk of §2.3', () => {
    const p = accept(message({
      set: [
        chunk(0x000d, be(30, 2)), chunk(0x000e, 'myHep'), chunk(0x0011, 'abc@host'), chunk(0x0012, be(100, 2)),
        chunk(0x0013, 'node1'), chunk(0x0014, Buffer.from('0011223344aa', 'hex')), chunk(0x0015, Buffer.from('0000a1b2c3d4e5f6', 'hex')),
        chunk(0x0016, be(0x0800, 2)), chunk(0x0017, be(0x18, 1)), chunk(0x0018, be(0xb8, 1)), chunk(0x0020, be(438, 2)),
        chunk(0x0021, be(93, 2)), chunk(0x0022, '52.5,13.4'), chunk(0x0023, be(12, 4)), chunk(0x0024, 'call'),
        chunk(0x0025, 'a,b'), chunk(0x0026, 'tag-values'), chunk(0x0027, be(3, 2)), chunk(0x0028, be(1, 2)), chunk(0x0029, 'grp'),
      ],
    }));
    const { version, payload, unknownChunks, flags, ...rest } = p;
    assert.deepEqual([version, payload.toString(), unknownChunks, flags], [3, PAYLOAD, [], []]);
    assert.deepEqual(rest, {
      family: 4, ipProtocol: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5062, tsSec: 1700000000,
      tsUsec: 123456, protoType: 1, captureId: 2001, compressed: false, keepAliveTimer: 30, authKey: 'myHep',
      correlationId: 'abc@host', vlan: 100, nodeName: 'node1', srcMac: '00:11:22:33:44:aa', dstMac: 'a1:b2:c3:d4:e5:f6',
      ethernetType: 0x0800, tcpFlags: 0x18, ipTos: 0xb8, mos: 438, rFactor: 93, geoLocation: '52.5,13.4', jitter: 12,
      transactionType: 'call', payloadJsonKeys: 'a,b', tags: 'tag-values', tagType: 3, eventType: 1, groupId: 'grp',
    });
  });
  it('reads the old 1-byte VLAN form', () => {
    assert.equal(accept(message({ set: [chunk(0x0012, be(7, 1))] })).vlan, 7);
  });
  it('accepts an empty auth key (hep-js) and a matching one', () => {
    assert.equal(accept(message({ set: [chunk(0x000e, '')] }), { authKey: '' }).authKey, '');
    assert.equal(accept(message({ set: [chunk(0x000e, 'myHep')] }), { authKey: 'myHep' }).authKey, 'myHep');
  });
  it('keeps vendor chunks and unassigned generic types raw, in wire order', () => {
    const p = accept(message({ set: [chunk(0x000f, 'vendor payload', 8), chunk(0x0065, '{"x":1}'), chunk(0x0019, 'r')] }));
    assert.equal(p.payload.toString(), PAYLOAD, 'vendor 8 / type 0x0f must not overwrite the payload');
    assert.deepEqual(p.unknownChunks, [
      { vendor: 8, type: 0x000f, body: Buffer.from('vendor payload') },
      { vendor: 0, type: 0x0065, body: Buffer.from('{"x":1}') },
      { vendor: 0, type: 0x0019, body: Buffer.from('r') },
    ]);
    assert.deepEqual(p.flags, []);
  });
  for (const [name, compress] of [['zlib (captagent)', deflateSync], ['gzip (OpenSIPS)', gzipSync], ['raw deflate', deflateRawSync]] as const) {
    it(`inflates a ${name} 0x0010 payload`, () => {
      const p = accept(message({ drop: [0x000f], set: [chunk(0x0010, compress(Buffer.from(PAYLOAD)))] }));
      assert.deepEqual([p.payload.toString(), p.compressed, p.flags], [PAYLOAD, true, []]);
    });
  }
  it('accepts a compressed payload of exactly 64 KiB', () => {
    const p = accept(message({ drop: [0x000f], set: [chunk(0x0010, deflateSync(big.subarray(1)))] }));
    assert.equal(p.payload.length, 65536);
  });
  it('honours a smaller maxPayloadBytes for compressed payloads', () => {
    const r = decodeHep(message({ drop: [0x000f], set: [chunk(0x0010, gzipSync(Buffer.from(PAYLOAD)))] }), { maxPayloadBytes: 20 });
    assert.deepEqual(r.ok ? 'ok' : r.reason, 'too-large');
  });
  it('parses only up to the total length when trailing bytes look like chunks', () => {
    const p = accept(Buffer.concat([message(), chunk(0x0011, 'ignored')]));
    assert.deepEqual([p.correlationId, p.flags], [undefined, ['trailing-bytes']]);
  });
});
