import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatIpv4, formatIpv6, formatMac, parseIpv4, parseIpv6, parseMac } from './ip-format.js';

const v6 = (hex: string): string => formatIpv6(Buffer.from(hex, 'hex'), 0);

// 16 bytes as 8 groups, with zero groups common enough to exercise "::" placement.
const ipv6Bytes = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((groups) => {
    const b = Buffer.alloc(16);
    groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
    return b;
  });

describe('formatIpv6', () => {
  const cases: [string, string][] = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['00010000000000000000000000000000', '1::'],
    ['00010000000000020000000000000003', '1:0:0:2::3'], // the longer run wins over the earlier one
    ['00010000000100000001000000010000', '1:0:1:0:1:0:1:0'], // single zero groups stay
    ['00010000000000010000000000010001', '1::1:0:0:1:1'], // ties: the first run is compressed
    ['00000000000000000000ffff0a000001', '::ffff:a00:1'], // no dotted tail, like WHATWG URL
    ['fe800000000000000202b3fffe1e8329', 'fe80::202:b3ff:fe1e:8329'],
  ];
  for (const [bytes, text] of cases) it(`${bytes} -> ${text}`, () => assert.equal(v6(bytes), text));

  it('matches the WHATWG URL serializer and parses back to the same bytes', () => {
    fc.assert(
      fc.property(ipv6Bytes, (bytes) => {
        const text = formatIpv6(bytes, 0);
        assert.ok(isIPv6(text));
        assert.equal(`[${text}]`, new URL(`http://[${text}]/`).hostname);
        assert.deepEqual(parseIpv6(text), bytes);
      }),
    );
  });
});

describe('parseIpv6', () => {
  it('accepts uncompressed, upper-case and dotted-tail forms', () => {
    assert.equal(formatIpv6(parseIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001') ?? Buffer.alloc(0), 0), '2001:db8::1');
    assert.equal(formatIpv6(parseIpv6('::ffff:10.0.0.1') ?? Buffer.alloc(0), 0), '::ffff:a00:1');
    assert.equal(formatIpv6(parseIpv6('1:2:3:4:5:6:7::') ?? Buffer.alloc(0), 0), '1:2:3:4:5:6:7:0');
  });
  it('rejects non-IPv6 text and zone ids', () => {
    for (const bad of ['', '10.0.0.1', '1::2::3', 'fe80::1%eth0', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9']) {
      assert.equal(parseIpv6(bad), undefined, bad);
    }
  });
});

describe('IPv4 and MAC', () => {
  it('formats and parses IPv4', () => {
    assert.equal(formatIpv4(Buffer.from([0, 212, 202, 0, 1]), 1), '212.202.0.1');
    assert.deepEqual(parseIpv4('255.0.10.1'), Buffer.from([255, 0, 10, 1]));
    for (const bad of ['256.0.0.1', '1.2.3', '::1', '01.2.3.4', ' 1.2.3.4']) assert.equal(parseIpv4(bad), undefined, bad);
  });
  it('round-trips arbitrary IPv4 bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (a) => {
      const b = Buffer.from(a);
      assert.deepEqual(parseIpv4(formatIpv4(b, 0)), b);
    }));
  });
  it('formats and parses MAC addresses', () => {
    assert.equal(formatMac(Buffer.from('00000a0b0c0d0e0f', 'hex'), 2), '0a:0b:0c:0d:0e:0f');
    assert.deepEqual(parseMac('AA:bb:00:11:22:33'), Buffer.from('aabb00112233', 'hex'));
    for (const bad of ['aa:bb:cc:dd:ee', 'aa-bb-cc-dd-ee-ff', 'aa:bb:cc:dd:ee:fg']) assert.equal(parseMac(bad), undefined, bad);
  });
});
