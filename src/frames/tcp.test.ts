import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeTcp, TcpFlag } from './tcp.js';

function tcp(doff: number, flags: number, opts: Buffer, payload: string): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(5060, 0);
  h.writeUInt16BE(40000, 2);
  h.writeUInt32BE(0xfffffff0, 4);
  h.writeUInt32BE(7, 8);
  h[12] = (doff << 4) | (flags >> 8);
  h[13] = flags & 0xff;
  return Buffer.concat([h, opts, Buffer.from(payload)]);
}

test('decodeTcp: ports, seq, ack, flags, payload', () => {
  const r = decodeTcp(tcp(5, TcpFlag.PSH | TcpFlag.ACK, Buffer.alloc(0), 'INVITE'));
  assert.ok(r.ok);
  assert.deepEqual({ ...r.value, payload: r.value.payload.toString() }, { srcPort: 5060, dstPort: 40000, seq: 0xfffffff0, ack: 7, flags: 0x18, payload: 'INVITE' });
});

test('decodeTcp: options skipped by data offset; NS bit kept', () => {
  const r = decodeTcp(tcp(8, 0x100 | TcpFlag.SYN, Buffer.alloc(12, 1), 'x'));
  assert.ok(r.ok);
  assert.equal(r.value.payload.toString(), 'x');
  assert.equal(r.value.flags, 0x102);
});

const bad: [string, Buffer, string][] = [
  ['under 20 bytes', Buffer.alloc(19), 'truncated'],
  ['data offset 4', tcp(4, 0, Buffer.alloc(0), 'x'), 'bad-header-length'],
  ['data offset past the buffer', tcp(15, 0, Buffer.alloc(0), 'x'), 'truncated'],
];
for (const [name, buf, reason] of bad) {
  test(`decodeTcp rejects ${name}`, () => {
    const r = decodeTcp(buf);
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason);
  });
}

test('property: decodeTcp never throws', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (raw) => void decodeTcp(Buffer.from(raw))));
});
