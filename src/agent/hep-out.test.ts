// The agent's HEP bytes: decoded by the project's decoder field for field in every version
// (with and without compression), and HEP3 also by an independent decoder (hep-js).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeHep } from '../hep/index.js';
import { encodeHepOut, type HepOutOptions } from './hep-out.js';
import type { SipPacket } from '../frames/sip-frames.js';

/** hep-js (GPL, dev dependency only): decapsulate() returns { rcinfo, payload } or false. */
const hepJs = createRequire(import.meta.url)('hep-js') as { decapsulate(b: Buffer): { rcinfo: Record<string, unknown>; payload: string } | false };

const packet: SipPacket = {
  tsMicros: 1_763_974_800_123_456n,
  family: 4,
  ipProtocol: 17,
  srcIp: '10.0.0.1',
  srcPort: 5060,
  dstIp: '10.0.0.2',
  dstPort: 5080,
  payload: Buffer.from('INVITE sip:b@10.0.0.2 SIP/2.0\r\nCall-ID: c1@x\r\nContent-Length: 0\r\n\r\n'),
  callId: 'c1@x',
};
const v3: HepOutOptions = { version: 3, captureId: 2001, nodeName: 'agent-1', authKey: 'myHep', compress: false };

function encoded(p: SipPacket, o: HepOutOptions): Buffer {
  const r = encodeHepOut(p, o);
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.value;
}

describe('encodeHepOut', () => {
  test('HEP3: every field back from decodeHep, and the same from hep-js', () => {
    const bytes = encoded(packet, v3);
    const d = decodeHep(bytes, { authKey: 'myHep' });
    assert.ok(d.ok);
    assert.deepEqual(
      [d.value.version, d.value.family, d.value.ipProtocol, d.value.srcIp, d.value.srcPort, d.value.dstIp, d.value.dstPort, d.value.tsSec, d.value.tsUsec, d.value.captureId, d.value.protoType, d.value.nodeName, d.value.compressed, d.value.flags],
      [3, 4, 17, '10.0.0.1', 5060, '10.0.0.2', 5080, 1_763_974_800, 123_456, 2001, 1, 'agent-1', false, []],
    );
    assert.ok(d.value.payload.equals(packet.payload));
    const j = hepJs.decapsulate(bytes);
    assert.ok(j, 'hep-js decodes it');
    assert.deepEqual(j.rcinfo, { protocolFamily: 2, protocol: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5080, timeSeconds: 1_763_974_800, timeUseconds: 123_456, payloadType: 1, captureId: 2001, capturePass: 'myHep', hepNodeName: 'agent-1' });
    assert.equal(j.payload, packet.payload.toString());
  });

  test('HEP3 compressed: chunk 0x0010 holds zlib (78 9c) and decodes to the payload', () => {
    const bytes = encoded(packet, { ...v3, compress: true });
    const d = decodeHep(bytes);
    assert.ok(d.ok && d.value.compressed);
    assert.ok(d.value.payload.equals(packet.payload));
    const at = bytes.indexOf(Buffer.from([0x00, 0x00, 0x00, 0x10]));
    assert.deepEqual([...bytes.subarray(at + 6, at + 8)], [0x78, 0x9c]);
  });

  test('HEP2 and HEP1 carry addresses, ports and (v2) time and capture id; no v3-only chunks', () => {
    const d2 = decodeHep(encoded(packet, { ...v3, version: 2, authKey: '', nodeName: 'ignored' }));
    assert.ok(d2.ok);
    assert.deepEqual([d2.value.version, d2.value.srcIp, d2.value.dstPort, d2.value.tsSec, d2.value.tsUsec, d2.value.captureId, d2.value.nodeName], [2, '10.0.0.1', 5080, 1_763_974_800, 123_456, 2001, undefined]);
    const d1 = decodeHep(encoded({ ...packet, family: 6, srcIp: '2001:db8::1', dstIp: '2001:db8::2' }, { ...v3, version: 1 }));
    assert.ok(d1.ok);
    assert.deepEqual([d1.value.version, d1.value.family, d1.value.srcIp, d1.value.tsSec], [1, 6, '2001:db8::1', undefined]);
  });

  test('property: any captured message round-trips through decodeHep; HEP3 over IPv4 through hep-js', () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'));
    const arb = fc.record({
      tsMicros: fc.bigInt({ min: 0n, max: 4_294_967_295_999_999n }),
      srcIp: ipv4,
      dstIp: ipv4,
      srcPort: fc.nat(65535),
      dstPort: fc.nat(65535),
      ipProtocol: fc.constantFrom(6 as const, 17 as const),
      payload: fc.string({ minLength: 1, maxLength: 3000 }).map((s) => Buffer.from(s)),
      version: fc.constantFrom(1 as const, 2 as const, 3 as const),
      compress: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ version, compress, ...p }) => {
        const o: HepOutOptions = { version, captureId: 7, nodeName: version === 3 ? 'n' : '', authKey: '', compress: version === 3 && compress };
        const bytes = encoded({ ...p, family: 4, callId: 'x' }, o);
        const d = decodeHep(bytes);
        assert.ok(d.ok);
        assert.deepEqual([d.value.srcIp, d.value.dstIp, d.value.srcPort, d.value.dstPort, d.value.ipProtocol], [p.srcIp, p.dstIp, p.srcPort, p.dstPort, p.ipProtocol]);
        assert.ok(d.value.payload.equals(p.payload));
        if (version !== 1) assert.equal(BigInt(d.value.tsSec!) * 1_000_000n + BigInt(d.value.tsUsec!), p.tsMicros);
        if (version === 3 && !o.compress) {
          const j = hepJs.decapsulate(bytes);
          assert.ok(j);
          assert.deepEqual([j.rcinfo.srcIp, j.rcinfo.dstIp, j.rcinfo.srcPort, j.rcinfo.dstPort, j.payload], [p.srcIp, p.dstIp, p.srcPort, p.dstPort, p.payload.toString()]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
