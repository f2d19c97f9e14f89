import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './addr.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

test('formatIpv6 gives RFC 5952 text', () => {
  const cases: [string, string][] = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // longest run wins
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first of equal runs
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single 0 group is not compressed
    ['fe800000000000000000000000000000', 'fe80::'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
    ['ABCD000000000000000000000000FFFF', 'abcd::ffff'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatIpv6(hex(bytes)), text, bytes);
});

test('formatIpv4 at an offset', () => {
  assert.equal(formatIpv4(Buffer.from([9, 10, 0, 0, 1]), 1), '10.0.0.1');
});

test('parseIpv4 accepts dotted quads only', () => {
  assert.deepEqual(parseIpv4('192.168.1.254'), Buffer.from([192, 168, 1, 254]));
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.x', ' 1.2.3.4', '1..3.4']) {
    assert.equal(parseIpv4(bad), null, bad);
  }
});

test('parseIpv6 handles ::, embedded IPv4 and zones, rejects junk', () => {
  assert.deepEqual(parseIpv6('2001:db8::1'), hex('20010db8000000000000000000000001'));
  assert.deepEqual(parseIpv6('::'), Buffer.alloc(16));
  assert.deepEqual(parseIpv6('::ffff:192.0.2.1'), hex('00000000000000000000ffffc0000201'));
  assert.deepEqual(parseIpv6('fe80::1%eth0'), hex('fe800000000000000000000000000001'));
  assert.deepEqual(parseIpv6('1:2:3:4:5:6:7:8'), hex('00010002000300040005000600070008'));
  for (const bad of ['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::', '1.2.3.4::', '::1.2.3', '1:2:3:4:5:6:7::8']) {
    assert.equal(parseIpv6(bad), null, bad);
  }
});

test('property: formatIpv6 matches the WHATWG URL serializer and parses back', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 8 }), (raw, zs, zl) => {
      const b = Buffer.from(raw);
      b.fill(0, zs * 2, Math.min(16, (zs + zl) * 2)); // make zero runs common
      const text = formatIpv6(b);
      assert.deepEqual(parseIpv6(text), b);
      const mapped = b.subarray(0, 12).equals(Buffer.from('00000000000000000000ffff', 'hex'));
      if (!mapped) assert.equal(text, new URL(`http://[${text}]/`).hostname.slice(1, -1));
    }),
    { numRuns: 2000 },
  );
});
