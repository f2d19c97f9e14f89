import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeUdp } from './udp.js';

const udp = (len: number, payload: string): Buffer => {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(5060, 0);
  h.writeUInt16BE(5062, 2);
  h.writeUInt16BE(len, 4);
  return Buffer.concat([h, Buffer.from(payload)]);
};

const rows: [string, Buffer, string | null][] = [
  ['exact length', udp(11, 'abc'), 'abc'],
  ['length shorter than buffer trims', udp(10, 'abcdef'), 'ab'],
  ['length 8: empty payload', udp(8, 'abc'), ''],
  ['length past buffer: use the buffer', udp(500, 'abc'), 'abc'],
  ['length 0 (jumbo/GSO): use the buffer', udp(0, 'abc'), 'abc'],
  ['length under 8: use the buffer', udp(3, 'abc'), 'abc'],
];
for (const [name, buf, want] of rows) {
  test(`decodeUdp: ${name}`, () => {
    const r = decodeUdp(buf);
    assert.ok(r.ok);
    assert.deepEqual([r.value.srcPort, r.value.dstPort, r.value.payload.toString()], [5060, 5062, want]);
  });
}

test('decodeUdp: under 8 bytes is truncated', () => {
  const r = decodeUdp(Buffer.alloc(7));
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'truncated');
});

test('property: decodeUdp never throws', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (raw) => void decodeUdp(Buffer.from(raw))));
});
