import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeLink, LinkType } from './link.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');
const IP4 = hex('45000014000000004011000001020304 05060708');
const IP6 = Buffer.concat([hex('60000000 0000 3b 40'), Buffer.alloc(32)]);
const MACS = hex('020000000002 020000000001');

type Row = { name: string; lt: number; frame: Buffer; ip?: Buffer; vlanId?: number; reason?: string };

const rows: Row[] = [
  { name: 'ethernet IPv4', lt: 1, frame: Buffer.concat([MACS, hex('0800'), IP4]), ip: IP4 },
  { name: 'ethernet IPv6', lt: 1, frame: Buffer.concat([MACS, hex('86dd'), IP6]), ip: IP6 },
  { name: 'ethernet 802.1Q', lt: 1, frame: Buffer.concat([MACS, hex('8100 2064 0800'), IP4]), ip: IP4, vlanId: 100 },
  { name: 'ethernet QinQ 802.1ad + 802.1Q', lt: 1, frame: Buffer.concat([MACS, hex('88a8 0ffe 8100 0064 86dd'), IP6]), ip: IP6, vlanId: 0xffe },
  { name: 'ethernet ARP', lt: 1, frame: Buffer.concat([MACS, hex('0806'), Buffer.alloc(28)]), reason: 'not-ip' },
  { name: 'ethernet 802.3/LLC', lt: 1, frame: Buffer.concat([MACS, hex('0026 aaaa03'), Buffer.alloc(40)]), reason: 'not-ip' },
  { name: 'VLAN tagged ARP', lt: 1, frame: Buffer.concat([MACS, hex('8100 0001 0806'), Buffer.alloc(28)]), reason: 'not-ip' },
  { name: 'ethernet short', lt: 1, frame: hex('0200000000020200'), reason: 'truncated' },
  { name: 'VLAN tag cut', lt: 1, frame: Buffer.concat([MACS, hex('8100 0001')]), reason: 'truncated' },
  { name: 'SLL IPv4', lt: 113, frame: Buffer.concat([hex('0000 0001 0006 00155d1808d10000 0800'), IP4]), ip: IP4 },
  { name: 'SLL IPv6', lt: 113, frame: Buffer.concat([hex('0004 0001 0006 00155d1808d10000 86dd'), IP6]), ip: IP6 },
  { name: 'SLL netlink', lt: 113, frame: Buffer.concat([hex('0004 0338 0000 0000000000000000 0000'), Buffer.alloc(20)]), reason: 'not-ip' },
  { name: 'SLL short', lt: 113, frame: Buffer.alloc(15), reason: 'truncated' },
  { name: 'SLL2 IPv4', lt: 276, frame: Buffer.concat([hex('0800 0000 00000002 0001 00 06 00155d1808d10000'), IP4]), ip: IP4 },
  { name: 'SLL2 ARP', lt: 276, frame: Buffer.concat([hex('0806 0000 00000002 0001 00 06 00155d1808d10000'), Buffer.alloc(28)]), reason: 'not-ip' },
  { name: 'SLL2 short', lt: 276, frame: Buffer.alloc(19), reason: 'truncated' },
  { name: 'RAW 101 v4', lt: 101, frame: IP4, ip: IP4 },
  { name: 'RAW 12 v6', lt: 12, frame: IP6, ip: IP6 },
  { name: 'RAW 14 v4', lt: 14, frame: IP4, ip: IP4 },
  { name: 'RAW not IP', lt: 101, frame: hex('1234'), reason: 'not-ip' },
  { name: 'RAW empty', lt: 101, frame: Buffer.alloc(0), reason: 'truncated' },
  { name: 'NULL AF_INET LE', lt: 0, frame: Buffer.concat([hex('02000000'), IP4]), ip: IP4 },
  { name: 'NULL AF_INET BE', lt: 0, frame: Buffer.concat([hex('00000002'), IP4]), ip: IP4 },
  { name: 'NULL AF_INET6 Darwin', lt: 0, frame: Buffer.concat([hex('1e000000'), IP6]), ip: IP6 },
  { name: 'NULL AF_INET6 FreeBSD BE', lt: 0, frame: Buffer.concat([hex('0000001c'), IP6]), ip: IP6 },
  { name: 'NULL AF_INET6 Linux', lt: 0, frame: Buffer.concat([hex('0a000000'), IP6]), ip: IP6 },
  { name: 'NULL other family', lt: 0, frame: Buffer.concat([hex('07000000'), IP4]), reason: 'not-ip' },
  { name: 'NULL short', lt: 0, frame: hex('020000'), reason: 'truncated' },
  { name: 'LOOP (BE only)', lt: 108, frame: Buffer.concat([hex('00000002'), IP4]), ip: IP4 },
  { name: 'unknown link type', lt: 105, frame: IP4, reason: 'unsupported-link' },
];

for (const r of rows) {
  test(`decodeLink: ${r.name}`, () => {
    const res = decodeLink(r.lt, r.frame);
    if (r.reason) {
      assert.equal(res.ok, false);
      assert.equal(res.reason, r.reason, res.detail);
      return;
    }
    assert.ok(res.ok, res.ok ? '' : res.detail);
    assert.deepEqual(res.value.ipBuf, r.ip);
    assert.equal(res.value.vlanId, r.vlanId);
  });
}

test('LinkType constants', () => {
  assert.equal(LinkType.LINUX_SLL2, 276);
});

test('property: decodeLink never throws and never returns bytes outside the frame', () => {
  fc.assert(
    fc.property(fc.constantFrom(0, 1, 12, 14, 101, 108, 113, 276, 9999), fc.uint8Array({ maxLength: 80 }), (lt, raw) => {
      const b = Buffer.from(raw);
      const r = decodeLink(lt, b);
      if (r.ok) assert.ok(r.value.ipBuf.length <= b.length);
    }),
    { numRuns: 3000 },
  );
});
