import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatMac, parseMac } from './mac-text.js';

describe('MAC text', () => {
  it('formats and parses MAC addresses', () => {
    assert.equal(formatMac(Buffer.from('00000a0b0c0d0e0f', 'hex'), 2), '0a:0b:0c:0d:0e:0f');
    assert.deepEqual(parseMac('AA:bb:00:11:22:33'), Buffer.from('aabb00112233', 'hex'));
    for (const bad of ['aa:bb:cc:dd:ee', 'aa-bb-cc-dd-ee-ff', 'aa:bb:cc:dd:ee:fg']) assert.equal(parseMac(bad), undefined, bad);
  });
  it('round-trips arbitrary MAC bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (a) => {
      const b = Buffer.from(a);
      assert.deepEqual(parseMac(formatMac(b, 0)), b);
    }));
  });
});
