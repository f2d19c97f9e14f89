// SIP over TCP reassembly: any segmentation, local reordering and retransmission of a
// stream gives back exactly its messages (fast-check), across sequence-number wrap; joins
// mid-stream, gaps, oversized messages and too many flows cost only what they must.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TcpFlag } from './index.js';
import { splitSipMessages } from '../sip/index.js';
import { SipTcpStreams, type StreamLossReason } from './sip-tcp-streams.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
// Messages that frame as themselves on a stream (they carry Content-Length).
const corpus = readdirSync(dir).filter((f) => f.endsWith('.sip')).sort().map((n) => readFileSync(join(dir, n)))
  .filter((b) => {
    const s = splitSipMessages(b);
    return s.messages.length === 1 && s.messages[0]!.length === b.length && s.rest.length === 0;
  });
const ACK = TcpFlag.ACK | TcpFlag.PSH;
const opts = { maxFlows: 100, maxFlowBytes: 256 * 1024, timeoutMs: 60_000 };

type Seg = { seq: number; flags: number; payload: Buffer };

function segmentsOf(stream: Buffer, isn: number, cuts: number[]): Seg[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Seg[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    if (p <= from) continue;
    out.push({ seq: (isn + 1 + from) >>> 0, flags: ACK, payload: stream.subarray(from, p) });
    from = p;
  }
  return out;
}

function feed(s: SipTcpStreams, segs: Seg[], key = 'a|1|b|2'): Buffer[] {
  const out: Buffer[] = [];
  for (const seg of segs) for (const m of s.push(key, seg, 1n, 0)) out.push(m.payload);
  return out;
}

describe('SipTcpStreams', () => {
  test('property: segmentation, local reordering, retransmits and seq wrap give back every message in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(corpus.length - 1), { minLength: 1, maxLength: 8 }),
        fc.oneof(fc.nat(), fc.integer({ min: 0xffffff00, max: 0xffffffff })),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(3)), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (picks, isn, cuts, swaps, repeats, keepalives) => {
          const msgs = picks.map((i) => corpus[i]!);
          const stream = Buffer.concat(msgs.flatMap((m) => (keepalives ? [Buffer.from('\r\n\r\n'), m] : [m])));
          const segs = segmentsOf(stream, isn >>> 0, cuts);
          // Local reordering: swap neighbours at most 3 apart.
          for (const [at, dist] of swaps) {
            const i = at % segs.length;
            const j = Math.min(segs.length - 1, i + dist);
            [segs[i], segs[j]] = [segs[j]!, segs[i]!];
          }
          // Retransmissions: repeat segments later (a repeat of delivered bytes).
          for (const r of repeats) {
            const i = r % segs.length;
            segs.splice(Math.min(segs.length, i + 2), 0, { ...segs[i]! });
          }
          const losses: StreamLossReason[] = [];
          const s = new SipTcpStreams(opts, (r) => losses.push(r));
          const out = feed(s, [{ seq: isn >>> 0, flags: TcpFlag.SYN, payload: Buffer.alloc(0) }, ...segs]);
          assert.deepEqual(out.map((b) => b.toString('latin1')), msgs.map((b) => b.toString('latin1')));
          assert.deepEqual(losses, []);
          assert.equal(s.heldBytes, 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: arbitrary segments of many flows never throw and stay within the byte bounds', () => {
    const seg = fc.record({
      flow: fc.nat(5),
      seq: fc.oneof(fc.nat(5000), fc.nat()),
      flags: fc.constantFrom(ACK, ACK, ACK, TcpFlag.SYN, TcpFlag.FIN | ACK, TcpFlag.RST),
      payload: fc.oneof(fc.uint8Array({ maxLength: 1600 }).map((b) => Buffer.from(b)), fc.nat(corpus.length - 1).map((i) => corpus[i]!)),
    });
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 80 }), (segs) => {
        const limits = { maxFlows: 4, maxFlowBytes: 1500, timeoutMs: 1000, maxTotalBytes: 5000 };
        const s = new SipTcpStreams(limits);
        segs.forEach((x, i) => {
          for (const m of s.push(`f${x.flow}`, x, 1n, i * 10)) assert.ok(m.payload.length > 0);
          assert.ok(s.size <= limits.maxFlows);
          assert.ok(s.heldBytes <= limits.maxTotalBytes + 2 * limits.maxFlowBytes, `held ${s.heldBytes}`);
          assert.ok(s.heldBytes >= 0);
        });
      }),
      { numRuns: 400 },
    );
  });

  test('a 200 KiB message in 1-byte segments comes out whole, after two short ones (work per segment is its own bytes)', () => {
    const body = Buffer.alloc(200 * 1024, 0x61);
    const big = Buffer.concat([Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: big@x\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    const small = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: s@x\r\nContent-Length: 0\r\n\r\n');
    const stream = Buffer.concat([small, small, big, small]);
    const segs = segmentsOf(stream, 1000, Array.from({ length: stream.length }, (_, i) => i));
    const started = performance.now();
    const out = feed(new SipTcpStreams(opts), [{ seq: 1000, flags: TcpFlag.SYN, payload: Buffer.alloc(0) }, ...segs]);
    assert.deepEqual(out.map((m) => m.length), [small.length, small.length, big.length, small.length]);
    assert.ok(out[2]?.equals(big));
    process.stdout.write(`# ${segs.length} one-byte segments in ${Math.round(performance.now() - started)} ms\n`);
  });

  test('a flow joined mid-stream (no SYN) resynchronises on the next start line', () => {
    const [a, b, c] = [corpus[0]!, corpus[1]!, corpus[2]!];
    const stream = Buffer.concat([a, b, c]);
    const losses: StreamLossReason[] = [];
    const s = new SipTcpStreams(opts, (r) => losses.push(r));
    const out = feed(s, segmentsOf(stream.subarray(7), 1000, [30, 200, 400]));
    assert.deepEqual(out.map(String), [b, c].map(String));
    assert.ok(losses.length >= 1 && losses.every((r) => r === 'tcp-resync'), losses.join());
  });

  test('a gap that never fills is skipped once too much waits behind it; later messages survive', () => {
    const msgs = Array.from({ length: 80 }, (_, i) => Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: gap-${i}\r\nContent-Length: 0\r\n\r\n`));
    const segs = segmentsOf(Buffer.concat(msgs), 0, msgs.map((_, i) => msgs.slice(0, i).reduce((n, m) => n + m.length, 0)));
    const losses: StreamLossReason[] = [];
    const s = new SipTcpStreams(opts, (r) => losses.push(r));
    const out = feed(s, [{ seq: 0, flags: TcpFlag.SYN, payload: Buffer.alloc(0) }, ...segs.filter((_, i) => i !== 3)]);
    assert.ok(losses.includes('tcp-gap'));
    assert.deepEqual(out.slice(0, 3).map(String), msgs.slice(0, 3).map(String));
    assert.equal(String(out.at(-1)), String(msgs.at(-1)), 'the stream goes on after the gap');
    assert.ok(out.length >= 70);
  });

  test('a message longer than maxFlowBytes is dropped and counted; the next one is found', () => {
    const big = Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nCall-ID: big\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`);
    const next = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: next\r\nContent-Length: 0\r\n\r\n');
    const losses: StreamLossReason[] = [];
    const s = new SipTcpStreams({ ...opts, maxFlowBytes: 2000 }, (r) => losses.push(r));
    const stream = Buffer.concat([big, next]);
    const out = feed(s, [{ seq: 0, flags: TcpFlag.SYN, payload: Buffer.alloc(0) }, ...segmentsOf(stream, 0, [1400, 2800, 4200])]);
    assert.ok(losses.includes('tcp-overflow'));
    assert.deepEqual(out.map(String), [String(next)], 'Content-Length said how much to pass over');
    assert.equal(s.heldBytes, 0);
  });

  test('bounds: least recently active flow evicted past maxFlows; idle flows expire; FIN and RST forget', () => {
    const partial = Buffer.from('INVITE sip:a@b SIP/2.0\r\nCall-ID: p\r\n');
    const losses: StreamLossReason[] = [];
    const s = new SipTcpStreams({ ...opts, maxFlows: 2, timeoutMs: 1000 }, (r) => losses.push(r));
    s.push('f1', { seq: 10, flags: ACK, payload: partial }, 1n, 0);
    s.push('f2', { seq: 10, flags: ACK, payload: partial }, 1n, 10);
    s.push('f1', { seq: 10 + partial.length, flags: ACK, payload: Buffer.from('X: y\r\n') }, 1n, 20);
    s.push('f3', { seq: 10, flags: ACK, payload: partial }, 1n, 30);
    assert.equal(s.size, 2);
    assert.deepEqual(losses, ['tcp-evicted'], 'f2 was the least recently active');
    s.expire(1025);
    assert.equal(s.size, 1, 'f1 (last seen at 20) expired, f3 (30) not yet');
    s.push('f3', { seq: 10 + partial.length, flags: TcpFlag.FIN | TcpFlag.ACK, payload: Buffer.alloc(0) }, 1n, 40);
    assert.equal(s.size, 0);
    assert.equal(s.heldBytes, 0);
    assert.deepEqual(losses, ['tcp-evicted', 'tcp-expired', 'tcp-incomplete']);
  });

  test('maxTotalBytes over all flows drops the least recently active flows first', () => {
    const partial = Buffer.from(`INVITE sip:a@b SIP/2.0\r\nCall-ID: p\r\nX: ${'y'.repeat(900)}\r\n`);
    const s = new SipTcpStreams({ ...opts, maxTotalBytes: 2500 });
    for (const k of ['a', 'b', 'c', 'd']) s.push(k, { seq: 0, flags: ACK, payload: partial }, 1n, 0);
    assert.ok(s.heldBytes <= 2500);
    assert.equal(s.size, 2);
  });
});
