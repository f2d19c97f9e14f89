// The one address text: RFC 5952 section 4 vectors, every spelling of an address to one text,
// round trips, and Node's own parsers and printers (net.isIP, net.SocketAddress, WHATWG URL)
// as oracles where they define the same form.
import assert from 'node:assert/strict';
import { isIP, SocketAddress } from 'node:net';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalIpText, formatIp, formatIpv4, formatIpv6, isIpv4Mapped, parseIp, parseIpv4, parseIpv6 } from './ip-text.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

// 16 bytes as 8 groups, zero groups common enough to exercise "::" placement; a quarter mapped.
const groups8 = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
const ipv6Bytes = fc.oneof(
  { weight: 3, arbitrary: groups8 },
  { weight: 1, arbitrary: groups8.map((g) => [0, 0, 0, 0, 0, 0xffff, g[6]!, g[7]!]) },
).map((g) => {
  const b = Buffer.alloc(16);
  g.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
});
const ipv4Bytes = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((a) => Buffer.from(a));

/** Another spelling of the same 16 bytes: any case, leading zeros, any zero run (or none) as "::", maybe a dotted tail, maybe brackets. */
const spelling = (b: Buffer) =>
  fc.record({ pad: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }), upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), run: fc.nat(7), dotted: fc.boolean(), bracket: fc.boolean() }).map((o) => {
    const g = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
    let words = g.map((v, i) => {
      const h = v.toString(16).padStart(Math.min(4, v.toString(16).length + (o.pad[i] ?? 0)), '0');
      return o.upper[i] ? h.toUpperCase() : h;
    });
    if (o.dotted) words = [...words.slice(0, 6), formatIpv4(b, 12), ''].slice(0, 7);
    // Compress the zero run that contains group `run`, if it is a zero group outside the dotted tail.
    let text = words.join(':');
    const last = o.dotted ? 6 : 8;
    if (o.run < last && g[o.run] === 0) {
      let s = o.run;
      let e = o.run;
      while (s > 0 && g[s - 1] === 0) s--;
      while (e + 1 < last && g[e + 1] === 0) e++;
      text = `${words.slice(0, s).join(':')}::${words.slice(e + 1).join(':')}`;
    }
    return o.bracket ? `[${text}]` : text;
  });

describe('RFC 5952 section 4 vectors', () => {
  const cases: [string, string][] = [
    // 4.1 leading zeros suppressed; a 0000 field is "0"
    ['2001:0db8::0001', '2001:db8::1'],
    ['2001:db8:0000:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // 4.2.1 "::" shortens as much as possible
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    // 4.2.2 "::" never stands for one 0 field
    ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // 4.2.3 the longest run, the first of equal runs
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // 4.3 lowercase
    ['2001:DB8::AB:1', '2001:db8::ab:1'],
    // section 2's variants of one address
    ['2001:0db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:1::1', '2001:db8::1:0:0:1'],
    ['2001:db8:0000:0:1::1', '2001:db8::1:0:0:1'],
    ['2001:DB8:0:0:1::1', '2001:db8::1:0:0:1'],
    // section 5: IPv4-mapped in mixed notation, whatever the spelling
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::FFFF:10.0.0.1', '::ffff:10.0.0.1'],
    ['::ffff:a00:1', '::ffff:10.0.0.1'],
    ['0:0:0:0:0:ffff:a00:1', '::ffff:10.0.0.1'],
    ['[::ffff:0a00:0001]', '::ffff:10.0.0.1'],
    // the rest
    ['::', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['::a00:1', '::a00:1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['fe80::1%eth0', 'fe80::1'],
  ];
  for (const [typed, want] of cases) test(`${typed} -> ${want}`, () => assert.equal(canonicalIpText(typed), want));

  test('what is not an address is null', () => {
    for (const bad of ['', 'host.example', '010.0.0.1', '1.2.3', '256.0.0.1', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', '::1.2.3', 'fe80::1%', '[::1', '::ffff:1.2.3.04']) {
      assert.equal(canonicalIpText(bad), null, bad);
    }
  });
});

describe('formatIpv6 / parseIpv6', () => {
  test('bytes to text', () => {
    const cases: [string, string][] = [
      ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
      ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
      ['fe800000000000000000000000000000', 'fe80::'],
      ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
      ['00000000000000000000ffff00000000', '::ffff:0.0.0.0'],
      ['0000000000000000ffff00000a000001', '::ffff:0:a00:1'], // ::ffff:0:0:0/96 is not mapped
      ['ABCD000000000000000000000000FFFF', 'abcd::ffff'],
    ];
    for (const [bytes, text] of cases) assert.equal(formatIpv6(hex(bytes)), text, bytes);
    assert.equal(formatIpv4(Buffer.from([9, 10, 0, 0, 1]), 1), '10.0.0.1');
    assert.equal(formatIpv6(Buffer.concat([Buffer.from([7]), hex('20010db8000000000000000000000001')]), 1), '2001:db8::1');
    assert.equal(formatIp(Buffer.alloc(5)), null);
    assert.ok(isIpv4Mapped(hex('00000000000000000000ffff0a000001')) && !isIpv4Mapped(hex('00000000000000000000fffe0a000001')));
  });

  test('text to bytes', () => {
    assert.deepEqual(parseIpv6('::ffff:192.0.2.1'), hex('00000000000000000000ffffc0000201'));
    assert.deepEqual(parseIpv6('1:2:3:4:5:6:7:8'), hex('00010002000300040005000600070008'));
    assert.deepEqual(parseIpv6('1:2:3:4:5:6:7::'), hex('00010002000300040005000600070000'));
    assert.deepEqual(parseIpv4('192.168.1.254'), Buffer.from([192, 168, 1, 254]));
    for (const bad of ['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7::8', '1.2.3.4']) assert.equal(parseIpv6(bad), null, bad);
    for (const bad of ['', '1.2.3.4.5', '01.2.3.4', '1.2.3.x', ' 1.2.3.4', '1..3.4', '::1']) assert.equal(parseIpv4(bad), null, bad);
    assert.deepEqual(parseIp('[2001:db8::1]'), hex('20010db8000000000000000000000001'));
  });

  test('property: format -> parse round-trips, and the text is canonical (canonicalIpText is the identity on it)', () => {
    fc.assert(
      fc.property(fc.oneof(ipv6Bytes, ipv4Bytes), (b) => {
        const text = formatIp(b)!;
        assert.deepEqual(parseIp(text), b);
        assert.equal(canonicalIpText(text), text);
        assert.equal(text, text.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });

  test('property: every spelling of an address parses to its bytes and has its one canonical text', () => {
    fc.assert(
      fc.property(ipv6Bytes.chain((b) => fc.tuple(fc.constant(b), spelling(b))), ([b, typed]) => {
        assert.deepEqual(parseIp(typed), b, typed);
        assert.equal(canonicalIpText(typed), formatIpv6(b), typed);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("Node's net module and URL agree where they define the form", () => {
  test('property: net.isIP accepts every spelling and the canonical text; SocketAddress (inet_ntop) prints the canonical text, but for ::a.b.c.d', () => {
    fc.assert(
      fc.property(ipv6Bytes.chain((b) => fc.tuple(fc.constant(b), spelling(b))), ([b, typed]) => {
        const text = formatIpv6(b);
        assert.equal(isIP(text), 6);
        assert.equal(isIP(typed.replace(/^\[(.*)\]$/, '$1')), 6, typed);
        // inet_ntop writes the deprecated IPv4-compatible ::a.b.c.d (first 96 bits zero, group 6 not) in mixed notation.
        const compat = b.subarray(0, 12).every((x) => x === 0) && b.readUInt16BE(12) !== 0;
        const ntop = new SocketAddress({ address: typed.replace(/^\[(.*)\]$/, '$1'), family: 'ipv6' }).address;
        if (compat) assert.equal(canonicalIpText(ntop), text);
        else assert.equal(ntop, text);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: the WHATWG URL serializer prints the canonical text, but for IPv4-mapped addresses (hex, the old HEP form)', () => {
    fc.assert(
      fc.property(ipv6Bytes, (b) => {
        const text = formatIpv6(b);
        const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
        if (isIpv4Mapped(b)) {
          assert.equal(host, `::ffff:${b.readUInt16BE(12).toString(16)}:${b.readUInt16BE(14).toString(16)}`);
          assert.equal(canonicalIpText(host), text);
        } else {
          assert.equal(host, text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('property: IPv4 text is what net.isIP, SocketAddress and URL print', () => {
    fc.assert(
      fc.property(ipv4Bytes, (b) => {
        const text = formatIpv4(b);
        assert.equal(isIP(text), 4);
        assert.equal(new SocketAddress({ address: text, family: 'ipv4' }).address, text);
        assert.equal(new URL(`http://${text}/`).hostname, text);
      }),
    );
  });

  test('property: on strings of address characters, and on spellings with one character changed, parseIp accepts exactly what net.isIP accepts', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEF:.%z'.split(''));
    const nearMiss = fc
      .tuple(ipv6Bytes.chain(spelling), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), chars)
      .map(([typed, at, op, c]) => {
        const t = typed.replace(/^\[(.*)\]$/, '$1');
        const i = at % (t.length + 1);
        return op === 'insert' ? t.slice(0, i) + c + t.slice(i) : op === 'delete' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + c + t.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, maxLength: 24 }), nearMiss), (s) => {
        assert.equal(parseIp(s) !== null, isIP(s) !== 0, JSON.stringify(s));
      }),
      { numRuns: 20_000 },
    );
  });
});
