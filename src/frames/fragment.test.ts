import assert from 'node:assert/strict';
import { test } from 'node:test';
import { internetChecksum } from './checksum.js';
import { encodeIpv4Udp } from './encode.js';
import { fragmentIpv4 } from './fragment.js';
import { decodeIp } from './ip.js';
import { Ipv4Reassembler } from './reassembler.js';

const pkt = encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, payload: Buffer.alloc(100, 0x41), id: 77 });

test('fragmentIpv4 splits with MF/offsets, valid checksums, and reassembles to the original payload', () => {
  assert.ok(pkt.ok);
  const f = fragmentIpv4(pkt.value, 48);
  assert.ok(f.ok);
  assert.equal(f.value.length, 3); // 108 bytes of UDP: 48 + 48 + 12
  const ds = f.value.map((b) => decodeIp(b));
  assert.deepEqual(ds.map((d) => (d.ok ? [d.value.fragOffset, d.value.moreFragments, d.value.payload.length, d.value.id] : null)), [
    [0, true, 48, 77], [48, true, 48, 77], [96, false, 12, 77],
  ]);
  for (const b of f.value) assert.equal(internetChecksum(b.subarray(0, 20)), 0);
  const r = new Ipv4Reassembler();
  const whole = ds.map((d) => (d.ok ? r.push(d.value, 0) : null)).at(-1);
  const orig = decodeIp(pkt.value);
  assert.ok(orig.ok);
  assert.deepEqual(whole?.payload, orig.value.payload);
});

test('fragmentIpv4 rejects bad chunk sizes and non-IPv4 input', () => {
  assert.ok(pkt.ok);
  for (const [buf, chunk, reason] of [[pkt.value, 12, 'bad-size'], [pkt.value, 0, 'bad-size'], [Buffer.alloc(10), 8, 'bad-packet']] as const) {
    const r = fragmentIpv4(buf, chunk);
    assert.equal(r.ok, false);
    assert.equal(r.reason, reason);
  }
});

test('fragmentIpv4 with a chunk larger than the payload gives one whole packet', () => {
  assert.ok(pkt.ok);
  const f = fragmentIpv4(pkt.value, 4096);
  assert.ok(f.ok);
  assert.equal(f.value.length, 1);
  const d = decodeIp(f.value[0] as Buffer);
  assert.ok(d.ok && !d.value.moreFragments && d.value.fragOffset === 0);
});
