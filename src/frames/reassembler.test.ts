import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IpDatagram } from './ip.js';
import { Ipv4Reassembler } from './reassembler.js';

const base: IpDatagram = { version: 4, src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, id: 7, fragOffset: 0, moreFragments: false, payload: Buffer.alloc(0), ttl: 64 };

function frag(payload: Buffer, off: number, len: number, more: boolean, over: Partial<IpDatagram> = {}): IpDatagram {
  return { ...base, fragOffset: off, moreFragments: more, payload: payload.subarray(off, off + len), ...over };
}

// Splits `payload` into fragments of `size` bytes (a multiple of 8).
function split(payload: Buffer, size: number, over: Partial<IpDatagram> = {}): IpDatagram[] {
  const out: IpDatagram[] = [];
  for (let at = 0; at < payload.length; at += size) out.push(frag(payload, at, size, at + size < payload.length, over));
  return out;
}

const DATA = Buffer.from('0123456789abcdef'.repeat(6)); // 96 bytes

test('an unfragmented datagram passes straight through', () => {
  const r = new Ipv4Reassembler();
  const d = { ...base, payload: DATA };
  assert.equal(r.push(d, 0), d);
  assert.equal(r.stats.fragments, 0);
});

test('in order and out of order fragments reassemble; header comes from the first fragment', () => {
  for (const order of [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]]) {
    const r = new Ipv4Reassembler();
    const parts = split(DATA, 32).map((p, i) => ({ ...p, ttl: 10 + i }));
    const got = order.map((i) => r.push(parts[i] as IpDatagram, 0));
    const whole = got[2];
    assert.deepEqual(got.slice(0, 2), [null, null]);
    assert.ok(whole);
    assert.deepEqual(whole.payload, DATA);
    assert.deepEqual([whole.fragOffset, whole.moreFragments, whole.ttl], [0, false, 10]);
    assert.deepEqual(r.stats, { pending: 0, pendingBytes: 0, fragments: 3, reassembled: 1, duplicates: 0, rejected: 0, timedOut: 0, evicted: 0 });
  }
});

test('exact duplicates are ignored and counted', () => {
  const r = new Ipv4Reassembler();
  const [a, b, c] = split(DATA, 32) as [IpDatagram, IpDatagram, IpDatagram];
  assert.equal(r.push(a, 0), null);
  assert.equal(r.push(a, 0), null);
  assert.equal(r.push(c, 0), null);
  assert.equal(r.push(c, 0), null);
  assert.deepEqual(r.push(b, 0)?.payload, DATA);
  assert.equal(r.stats.duplicates, 2);
});

test('fragments of different datagrams (id, protocol, addresses) do not mix', () => {
  const r = new Ipv4Reassembler();
  const other = Buffer.from('X'.repeat(96));
  const a = split(DATA, 48);
  const b = split(other, 48, { id: 8 });
  const c = split(other, 48, { protocol: 6 });
  const d = split(other, 48, { src: '10.0.0.9' });
  for (const x of [a[0], b[0], c[0], d[0]]) assert.equal(r.push(x as IpDatagram, 0), null);
  assert.deepEqual(r.push(b[1] as IpDatagram, 0)?.payload, other);
  assert.deepEqual(r.push(a[1] as IpDatagram, 0)?.payload, DATA);
  assert.equal(r.stats.pending, 2);
});

const rejects: [string, (p: Buffer) => IpDatagram[], string][] = [
  ['overlap with different bytes', (p) => [frag(p, 0, 32, true), { ...frag(p, 16, 32, true), payload: Buffer.alloc(32) }], 'fragment-overlap'],
  ['partial overlap', (p) => [frag(p, 0, 32, true), frag(p, 24, 32, true)], 'fragment-overlap'],
  ['non-final fragment not a multiple of 8', (p) => [frag(p, 0, 30, true)], 'fragment-bad-offset'],
  ['empty non-final fragment', (p) => [frag(p, 8, 0, true)], 'fragment-bad-offset'],
  ['ends past 65535', (p) => [{ ...frag(p, 0, 16, false), fragOffset: 65528 }], 'fragment-bad-offset'],
  ['two final fragments disagree', (p) => [frag(p, 64, 32, false), frag(p, 32, 16, false)], 'fragment-bad-offset'],
  ['data beyond the final end', (p) => [frag(p, 0, 64, true), frag(p, 32, 16, false)], 'fragment-bad-offset'],
  ['final fragment before earlier data', (p) => [frag(p, 64, 32, true), frag(p, 8, 24, false)], 'fragment-bad-offset'],
];
for (const [name, make, reason] of rejects) {
  test(`rejects ${name} as ${reason}, then drops the rest of that datagram`, () => {
    const r = new Ipv4Reassembler();
    const frags = make(DATA);
    let last;
    for (const f of frags) last = r.offer(f, 0);
    assert.ok(last && !last.ok);
    assert.equal(last.reason, reason, last.detail);
    // The datagram is poisoned: even correct fragments now fail.
    const after = r.offer(frag(DATA, 0, 32, true), 0);
    assert.ok(!after.ok && after.reason === 'fragment-after-reject');
    assert.equal(r.stats.pendingBytes, 0);
    // ...until the timeout clears the placeholder.
    const fresh = split(DATA, 32);
    assert.equal(r.push(fresh[0] as IpDatagram, 60_000), null);
    assert.equal(r.push(fresh[1] as IpDatagram, 60_000), null);
    assert.deepEqual(r.push(fresh[2] as IpDatagram, 60_000)?.payload, DATA);
  });
}

test('a missing fragment times out and is counted', () => {
  const r = new Ipv4Reassembler({ timeoutMs: 1000 });
  const [a, , c] = split(DATA, 32) as [IpDatagram, IpDatagram, IpDatagram];
  r.push(a, 0);
  r.push(c, 500);
  assert.equal(r.stats.pending, 1);
  r.expire(999);
  assert.equal(r.stats.pending, 1);
  r.expire(1000);
  assert.deepEqual([r.stats.pending, r.stats.pendingBytes, r.stats.timedOut], [0, 0, 1]);
});

test('a clock that jumps far backwards also expires entries', () => {
  const r = new Ipv4Reassembler({ timeoutMs: 1000 });
  r.push(split(DATA, 32)[0] as IpDatagram, 1_000_000);
  r.expire(5);
  assert.equal(r.stats.timedOut, 1);
});

test('maxPending evicts the oldest datagram', () => {
  const r = new Ipv4Reassembler({ maxPending: 2 });
  for (let id = 1; id <= 3; id++) r.push(split(DATA, 32, { id })[0] as IpDatagram, id);
  assert.deepEqual([r.stats.pending, r.stats.evicted], [2, 1]);
  const rest = split(DATA, 32, { id: 1 });
  assert.equal(r.push(rest[1] as IpDatagram, 4), null); // id 1 was evicted: starts over
  const three = split(DATA, 32, { id: 3 });
  r.push(three[1] as IpDatagram, 5);
  assert.deepEqual(r.push(three[2] as IpDatagram, 5)?.payload, DATA);
});

test('maxBytes evicts the oldest datagrams; a maximal datagram still fits the smallest budget', () => {
  const big = Buffer.alloc(60_000, 1);
  const r = new Ipv4Reassembler({ maxBytes: 65535 });
  r.push(frag(big, 0, 40_000, true, { id: 1 }), 0);
  r.push(frag(big, 0, 40_000, true, { id: 2 }), 0);
  assert.deepEqual([r.stats.pending, r.stats.evicted, r.stats.pendingBytes], [1, 1, 40_000]);
  const huge = Buffer.alloc(65_535, 2);
  const r2 = new Ipv4Reassembler({ maxBytes: 65535 });
  r2.push(frag(huge, 0, 40_000, true, { id: 9 }), 0);
  const res = r2.offer({ ...frag(huge, 40_000, 25_535, false, { id: 9 }) }, 0);
  assert.ok(res.ok, 'exactly the budget fits');
  assert.equal(res.value?.payload.length, 65_535);
});

test('fragment bytes are copied: later changes to the capture buffer do not leak in', () => {
  const r = new Ipv4Reassembler();
  const buf = Buffer.from(DATA);
  r.push(frag(buf, 0, 48, true), 0);
  buf.fill(0);
  assert.deepEqual(r.push(frag(DATA, 48, 48, false), 0)?.payload, DATA);
});

test('IPv6 fragments reassemble too (version is part of the key)', () => {
  const r = new Ipv4Reassembler();
  const v6 = split(DATA, 48, { version: 6, src: '2001:db8::1', dst: '2001:db8::2', id: 0xdeadbeef });
  assert.equal(r.push(v6[1] as IpDatagram, 0), null);
  assert.deepEqual(r.push(v6[0] as IpDatagram, 0)?.payload, DATA);
});

test('property: any fragmentation, order and duplication of a payload reassembles to it', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 200, maxLength: 3000 }),
      fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 40 }),
      fc.infiniteStream(fc.nat()),
      fc.array(fc.nat(), { maxLength: 5 }),
      (raw, sizes, rnd, dups) => {
        const payload = Buffer.from(raw); // >= 200 bytes, fragments <= 192: always 2 or more
        const frags: IpDatagram[] = [];
        let at = 0;
        for (let i = 0; at < payload.length; i++) {
          const size = (sizes[i % sizes.length] as number) * 8;
          const len = Math.min(size, payload.length - at);
          frags.push(frag(payload, at, len, at + len < payload.length));
          at += len;
        }
        const it = rnd[Symbol.iterator]();
        for (let i = frags.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [frags[i], frags[j]] = [frags[j] as IpDatagram, frags[i] as IpDatagram];
        }
        for (const d of dups) frags.splice(d % (frags.length + 1), 0, frags[d % frags.length] as IpDatagram);
        const r = new Ipv4Reassembler();
        const wholes = frags.map((f) => r.push(f, 0)).filter((x) => x !== null);
        // Duplicates arriving after completion start a new datagram (as in a real IP stack),
        // which may complete again: every whole must be the payload.
        assert.ok(wholes.length >= 1);
        for (const w of wholes) assert.deepEqual(w.payload, payload);
      },
    ),
    { numRuns: 300 },
  );
});

test('a non-finite clock is ignored rather than expiring everything', () => {
  const r = new Ipv4Reassembler({ timeoutMs: 1000 });
  r.push(split(DATA, 32)[0] as IpDatagram, 10);
  r.expire(Number.NaN);
  r.push(split(DATA, 32)[1] as IpDatagram, Number.POSITIVE_INFINITY);
  assert.deepEqual([r.stats.pending, r.stats.timedOut, r.nowMs], [1, 0, 10]);
});

test('the largest datagram in 8,191 fragments of 8 bytes, shuffled, reassembles; an overlap deep inside is still caught', () => {
  const payload = Buffer.alloc(65_528);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) % 251;
  const frags = split(payload, 8);
  // A fixed shuffle (Fisher-Yates over a linear congruential sequence).
  let seed = 12_345;
  for (let i = frags.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [frags[i], frags[j]] = [frags[j] as IpDatagram, frags[i] as IpDatagram];
  }
  const r = new Ipv4Reassembler();
  const whole = frags.map((f) => r.push(f, 0)).filter((x) => x !== null);
  assert.equal(whole.length, 1);
  assert.ok(whole[0]?.payload.equals(payload));
  const again = split(payload, 8, { id: 8 }).slice(0, 4000);
  const r2 = new Ipv4Reassembler();
  for (const f of again) r2.push(f, 0);
  const overlap = r2.offer(frag(payload, 16_000, 16, true, { id: 8 }), 0);
  assert.equal(overlap.ok ? 'accepted' : overlap.reason, 'fragment-overlap');
});
