import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { deflatePayload, inflatePayload } from './payload-compression.js';

const SIP = Buffer.from('REGISTER sip:rcs.st SIP/2.0\r\nCall-ID: x\r\n\r\n');

describe('inflatePayload', () => {
  for (const [name, compress] of [['gzip', gzipSync], ['zlib', deflateSync], ['raw deflate', deflateRawSync]] as const) {
    it(`auto-detects ${name}`, () => assert.deepEqual(inflatePayload(compress(SIP), 65536), { ok: true, value: SIP }));
  }
  it('falls back to raw deflate when a raw stream happens to look like a zlib header', () => {
    // Hand-made raw deflate: a non-final stored block whose header byte has padding bit 3 set
    // (08) and LEN 29 (1d 00), so "08 1d" passes the zlib header check; then an empty final block.
    const data = Buffer.from('SIP/2.0 200 OK\r\nCSeq: 1 REG\r\n');
    assert.equal(data.length, 29);
    const raw = Buffer.concat([Buffer.from('081d00e2ff', 'hex'), data, Buffer.from('010000ffff', 'hex')]);
    assert.equal((0x08 * 256 + 0x1d) % 31, 0);
    assert.deepEqual(inflatePayload(raw, 65536), { ok: true, value: data });
  });
  it('stops at the output limit', () => {
    assert.deepEqual(inflatePayload(deflateSync(Buffer.alloc(100)), 100).ok, true);
    const r = inflatePayload(deflateSync(Buffer.alloc(101)), 100);
    assert.deepEqual(r, { ok: false, reason: 'too-large', detail: 'compressed payload inflates past 100 bytes' });
    assert.equal(inflatePayload(gzipSync(Buffer.alloc(1)), 0).ok, false);
  });
  it('rejects garbage and names its first bytes', () => {
    const r = inflatePayload(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff]), 65536);
    assert.deepEqual(r, { ok: false, reason: 'bad-compression', detail: 'compressed payload of 5 bytes (starts "de ad be ef") is not gzip, zlib or raw deflate' });
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(100), (bytes, max) => {
      const r = inflatePayload(Buffer.from(bytes), max);
      if (r.ok) assert.ok(r.value.length <= max);
    }));
  });
});

describe('deflatePayload', () => {
  it('writes zlib and gzip containers that inflate back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), fc.constantFrom('zlib', 'gzip' as const), (bytes, container) => {
      const out = deflatePayload(Buffer.from(bytes), container);
      assert.equal(out[0], container === 'gzip' ? 0x1f : 0x78);
      assert.deepEqual(inflatePayload(out, 65536), { ok: true, value: Buffer.from(bytes) });
    }));
  });
});
