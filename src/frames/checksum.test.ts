import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { internetChecksum } from './checksum.js';

test('RFC 1071 example: sum ddf2 -> checksum 220d', () => {
  assert.equal(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex')), 0x220d);
});

test('odd lengths pad on the right, also across part boundaries', () => {
  assert.equal(internetChecksum(Buffer.from([0x01])), ~0x0100 & 0xffff);
  assert.equal(internetChecksum(Buffer.from([0x00, 0x01, 0xf2]), Buffer.from([0x03, 0xf4, 0xf5, 0xf6, 0xf7])), 0x220d);
  assert.equal(internetChecksum(), 0xffff);
});

test('property: splitting the input anywhere does not change the checksum; embedding it verifies to 0', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.nat(), (raw, cut) => {
      const b = Buffer.from(raw);
      const at = b.length === 0 ? 0 : cut % (b.length + 1);
      const whole = internetChecksum(b);
      assert.equal(internetChecksum(b.subarray(0, at), b.subarray(at)), whole);
      const even = b.length % 2 === 0 ? b : Buffer.concat([b, Buffer.alloc(1)]);
      const withSum = Buffer.concat([even, Buffer.from([whole >> 8, whole & 0xff])]);
      assert.equal(internetChecksum(withSum), 0);
    }),
  );
});
