import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CaptureStreamReader, readCaptureFile } from './capture-reader.js';
import type { CapturedFrame } from './capture-file.js';
import { pcapngBlock, pcapngEpb, pcapngIdb, pcapngOption, pcapngPb, pcapngShb, pcapngSpb } from './pcapng-builder.js';
import { writePcap } from './write-pcap.js';

const F1 = Buffer.from('first frame bytes');
const F2 = Buffer.from('second');
const T1 = 1_700_000_000_123_456n;
const T2 = 1_700_000_001_000_001n;

// Rewrites a little-endian microsecond pcap from writePcap as big-endian and/or nanosecond.
function variant(le: Buffer, bigEndian: boolean, nanos: boolean): Buffer {
  const out = Buffer.from(le);
  const u32 = (off: number): void => {
    const v = le.readUInt32LE(off);
    if (bigEndian) out.writeUInt32BE(v, off);
  };
  out.writeUInt32LE(nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  if (bigEndian) out.writeUInt32BE(nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  if (bigEndian) for (const off of [4, 6]) out.writeUInt16BE(le.readUInt16LE(off), off);
  for (const off of [8, 12, 16, 20]) u32(off);
  for (let off = 24; off < le.length; ) {
    const incl = le.readUInt32LE(off + 8);
    if (nanos) {
      const ns = le.readUInt32LE(off + 4) * 1000 + 789;
      if (bigEndian) out.writeUInt32BE(ns, off + 4);
      else out.writeUInt32LE(ns, off + 4);
    }
    for (const f of [0, nanos ? -1 : 4, 8, 12]) if (f >= 0) u32(off + f);
    off += 16 + incl;
  }
  return out;
}

function expectOk<T>(r: { ok: true; value: T } | { ok: false; reason: string; detail: string }): T {
  if (!r.ok) assert.fail(`${r.reason}: ${r.detail}`);
  return r.value;
}

function expectFail(r: { ok: boolean; reason?: string; detail?: string }, reason: string): void {
  assert.equal(r.ok, false, 'expected a failure');
  assert.equal(r.reason, reason, r.detail);
}

test('classic pcap: writePcap round trip in all four magic variants', () => {
  const le = writePcap([{ tsMicros: T1, data: F1 }, { tsMicros: T2, data: F2 }], 113);
  for (const [be, ns] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const file = expectOk(readCaptureFile(variant(le, be, ns)));
    assert.equal(file.format, 'pcap');
    assert.deepEqual(file.frames, [
      { linkType: 113, tsMicros: T1, data: F1, origLen: F1.length },
      { linkType: 113, tsMicros: T2, data: F2, origLen: F2.length },
    ], `be=${be} ns=${ns}`);
  }
});

test('classic pcap: FCS bits above the link type are masked off; no records is fine', () => {
  const f = writePcap([], 1);
  f.writeUInt32LE(0x14000001, 20); // FCS length 4 present, link type 1
  assert.deepEqual(expectOk(readCaptureFile(f)), { format: 'pcap', frames: [] });
  const g = writePcap([{ tsMicros: 0n, data: F1 }], 1);
  g.writeUInt32LE(0x14000001, 20);
  assert.equal(expectOk(readCaptureFile(g)).frames[0]?.linkType, 1);
});

test('classic pcap errors: not-capture, truncated header, truncated record, lying length', () => {
  const good = writePcap([{ tsMicros: T1, data: F1 }, { tsMicros: T2, data: F2 }], 1);
  expectFail(readCaptureFile(Buffer.alloc(0)), 'not-capture');
  expectFail(readCaptureFile(Buffer.from('INVITE sip:bob SIP/2.0\r\n')), 'not-capture');
  expectFail(readCaptureFile(Buffer.from([0xd4, 0xc3])), 'truncated');
  expectFail(readCaptureFile(good.subarray(0, 23)), 'truncated');
  expectFail(readCaptureFile(good.subarray(0, good.length - 1)), 'truncated');
  expectFail(readCaptureFile(good.subarray(0, 24 + 16 + F1.length + 3)), 'truncated');
  const lying = Buffer.from(good);
  lying.writeUInt32LE(0xffffffff, 24 + 8);
  expectFail(readCaptureFile(lying), 'bad-block');
  const pastEnd = Buffer.from(good);
  pastEnd.writeUInt32LE(1000, 24 + 8);
  expectFail(readCaptureFile(pastEnd), 'truncated');
});

test('partial mode keeps the frames before a cut-off tail and says what happened', () => {
  const good = writePcap([{ tsMicros: T1, data: F1 }, { tsMicros: T2, data: F2 }], 1);
  const file = expectOk(readCaptureFile(good.subarray(0, good.length - 2), { partial: true }));
  assert.equal(file.frames.length, 1);
  assert.equal(file.problem?.reason, 'truncated');
  // A file header problem still fails: there is nothing to return.
  expectFail(readCaptureFile(good.subarray(0, 10), { partial: true }), 'truncated');
});

// ---------- pcapng ----------

const ETH = 1;
const SLL = 113;

test('pcapng: EPB/PB/SPB, several interfaces, tsresol (decimal and power of 2), tsoffset, unknown blocks', () => {
  for (const le of [true, false]) {
    const file = Buffer.concat([
      pcapngShb(le, [pcapngOption(le, 4, Buffer.from('siptrail test'))]),
      pcapngIdb(le, ETH, { snaplen: 0 }), // 0: default microseconds
      pcapngIdb(le, SLL, { tsresol: 9, snaplen: 4 }), // 1: nanoseconds (snaplen only matters for SPB on interface 0)
      pcapngIdb(le, 101, { tsresol: 0x80 | 20, tsoffset: 100n }), // 2: 2^-20 s, +100 s
      pcapngBlock(le, 4, Buffer.from([0, 0, 0, 0])), // name resolution block: skipped
      pcapngBlock(le, 0x00000bad, Buffer.from('custom block body')), // custom: skipped
      pcapngEpb(le, 0, T1, F1),
      pcapngEpb(le, 1, T2 * 1000n + 999n, F2, 1500),
      pcapngEpb(le, 2, 3n * 1048576n + 524288n, F1), // 3.5 s after the offset
      pcapngPb(le, 1, 5_000_000_000n, F2),
      pcapngSpb(le, F1),
      pcapngBlock(le, 5, Buffer.alloc(16)), // interface statistics: skipped
    ]);
    const got = expectOk(readCaptureFile(file));
    assert.equal(got.format, 'pcapng');
    assert.deepEqual(got.frames, [
      { linkType: ETH, tsMicros: T1, data: F1, origLen: F1.length },
      { linkType: SLL, tsMicros: T2, data: F2, origLen: 1500 },
      { linkType: 101, tsMicros: 103_500_000n, data: F1, origLen: F1.length },
      { linkType: SLL, tsMicros: 5_000_000n, data: F2, origLen: F2.length },
      { linkType: ETH, tsMicros: 5_000_000n, data: F1, origLen: F1.length }, // SPB: previous frame's time
    ], `le=${le}`);
  }
});

test('pcapng: a SPB obeys the interface snaplen and its padding is not data', () => {
  const le = true;
  const file = Buffer.concat([pcapngShb(le), pcapngIdb(le, ETH, { snaplen: 5 }), pcapngSpb(le, Buffer.from('abcdefgh'), 100), pcapngSpb(le, Buffer.from('abc'))]);
  const got = expectOk(readCaptureFile(file));
  assert.deepEqual(got.frames.map((f) => [f.data.toString(), f.origLen]), [['abcde', 100], ['abc', 3]]);
});

test('pcapng: a new section switches byte order and resets interfaces', () => {
  const file = Buffer.concat([
    pcapngShb(true), pcapngIdb(true, ETH), pcapngEpb(true, 0, T1, F1),
    pcapngShb(false), pcapngIdb(false, SLL), pcapngIdb(false, ETH), pcapngEpb(false, 0, T2, F2), pcapngEpb(false, 1, T2, F1),
  ]);
  const got = expectOk(readCaptureFile(file));
  assert.deepEqual(got.frames.map((f) => [f.linkType, f.data.toString()]), [[ETH, F1.toString()], [SLL, F2.toString()], [ETH, F1.toString()]]);
  const stale = Buffer.concat([pcapngShb(true), pcapngIdb(true, ETH), pcapngIdb(true, ETH), pcapngShb(true), pcapngIdb(true, ETH), pcapngEpb(true, 1, T1, F1)]);
  expectFail(readCaptureFile(stale), 'bad-block');
});

// Builds a one-packet little-endian pcapng file and lets a test break one thing in it.
function ngWith(mutate: (b: Buffer, epbAt: number) => Buffer | undefined): Buffer {
  const shb = pcapngShb(true);
  const idb = pcapngIdb(true, ETH, { tsresol: 6 });
  const b = Buffer.concat([shb, idb, pcapngEpb(true, 0, T1, F1)]);
  return mutate(b, shb.length + idb.length) ?? b;
}

const ngBad: [string, Buffer, string][] = [
  ['SHB cut short', pcapngShb(true).subarray(0, 20), 'truncated'],
  ['SHB bad byte-order magic', ngWith((b) => void b.writeUInt32LE(0x11223344, 8)), 'bad-block'],
  ['SHB major version 2', ngWith((b) => void b.writeUInt16LE(2, 12)), 'bad-block'],
  ['SHB length under 28', ngWith((b) => void b.writeUInt32LE(24, 4)), 'bad-block'],
  ['block length not a multiple of 4', ngWith((b, at) => void b.writeUInt32LE(49, at + 4)), 'bad-block'],
  ['block length under 12', ngWith((b, at) => { b.writeUInt32LE(5, at); b.writeUInt32LE(8, at + 4); return undefined; }), 'bad-block'],
  ['block length 0 (would loop forever)', ngWith((b, at) => { b.writeUInt32LE(5, at); b.writeUInt32LE(0, at + 4); return undefined; }), 'bad-block'],
  ['block length past the file', ngWith((b, at) => void b.writeUInt32LE(4096, at + 4)), 'truncated'],
  ['block length 4 GiB', ngWith((b, at) => void b.writeUInt32LE(0xfffffffc, at + 4)), 'bad-block'],
  ['trailing length differs', ngWith((b) => void b.writeUInt32LE(12, b.length - 4)), 'bad-block'],
  ['EPB captured length past its block', ngWith((b, at) => void b.writeUInt32LE(200, at + 20)), 'bad-block'],
  ['EPB unknown interface', ngWith((b, at) => void b.writeUInt32LE(3, at + 8)), 'bad-block'],
  ['EPB too short for its fields', Buffer.concat([pcapngShb(true), pcapngIdb(true, ETH), pcapngBlock(true, 6, Buffer.alloc(8))]), 'bad-block'],
  ['IDB option runs past the block', Buffer.concat([pcapngShb(true), pcapngBlock(true, 1, Buffer.from('0100000000000000090040000600000000000000', 'hex'))]), 'bad-block'],
  ['SPB without an interface', Buffer.concat([pcapngShb(true), pcapngSpb(true, F1)]), 'bad-block'],
  ['file cut inside the EPB', ngWith((b) => b.subarray(0, b.length - 5)), 'truncated'],
];
for (const [name, file, reason] of ngBad) {
  test(`pcapng rejects ${name} as ${reason}`, () => expectFail(readCaptureFile(file), reason));
}

test('pcapng: partial mode returns frames before a bad block', () => {
  const file = Buffer.concat([pcapngShb(true), pcapngIdb(true, ETH), pcapngEpb(true, 0, T1, F1), pcapngBlock(true, 6, Buffer.alloc(8))]);
  const got = expectOk(readCaptureFile(file, { partial: true }));
  assert.deepEqual([got.frames.length, got.problem?.reason], [1, 'bad-block']);
});

// ---------- streaming ----------

function streamAll(file: Buffer, cuts: number[]): { frames: CapturedFrame[]; end: ReturnType<CaptureStreamReader['end']> } {
  const r = new CaptureStreamReader();
  const frames: CapturedFrame[] = [];
  let at = 0;
  for (const c of [...cuts.map((x) => x % (file.length + 1)).sort((a, b) => a - b), file.length]) {
    const pushed = r.push(file.subarray(at, c));
    if (!pushed.ok) return { frames, end: pushed };
    frames.push(...pushed.value);
    at = c;
  }
  return { frames, end: r.end() };
}

test('streaming reader gives the same frames for any chunking (pcap and pcapng)', () => {
  const pcap = writePcap([{ tsMicros: T1, data: F1 }, { tsMicros: T2, data: F2 }, { tsMicros: T2, data: Buffer.alloc(0) }], 1);
  const ng = Buffer.concat([pcapngShb(false), pcapngIdb(false, SLL, { tsresol: 9 }), pcapngEpb(false, 0, 5n, F1), pcapngShb(true), pcapngIdb(true, ETH), pcapngSpb(true, F2)]);
  fc.assert(
    fc.property(fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), (useNg, cuts) => {
      const file = useNg ? ng : pcap;
      const whole = expectOk(readCaptureFile(file));
      const s = streamAll(file, cuts);
      assert.deepEqual(s.frames, whole.frames);
      assert.deepEqual(s.end, { ok: true, value: whole.format });
    }),
    { numRuns: 300 },
  );
});

test('streaming reader: end() reports a cut-off tail; errors stick', () => {
  const pcap = writePcap([{ tsMicros: T1, data: F1 }], 1);
  const r = new CaptureStreamReader();
  assert.deepEqual(r.push(pcap.subarray(0, 30)), { ok: true, value: [] });
  assert.equal(r.format, 'pcap');
  expectFail(r.end(), 'truncated');
  const e = new CaptureStreamReader();
  expectFail(e.push(Buffer.from('GET / HTTP/1.1')), 'not-capture');
  expectFail(e.push(pcap), 'not-capture');
  expectFail(e.end(), 'not-capture');
  expectFail(new CaptureStreamReader().end(), 'not-capture');
});

test('streaming reader copies frame data: reusing a chunk buffer is safe', () => {
  const pcap = writePcap([{ tsMicros: T1, data: F1 }], 1);
  const chunk = Buffer.from(pcap);
  const r = new CaptureStreamReader();
  const frames = expectOk(r.push(chunk));
  chunk.fill(0);
  assert.deepEqual(frames[0]?.data, F1);
});

// ---------- robustness ----------

test('property: readCaptureFile never throws or overruns on arbitrary and on mutated files', () => {
  const seeds = [
    writePcap([{ tsMicros: T1, data: F1 }, { tsMicros: T2, data: F2 }], 1),
    Buffer.concat([pcapngShb(true), pcapngIdb(true, ETH, { tsresol: 0x85, tsoffset: -5n }), pcapngEpb(true, 0, T1, F1), pcapngPb(true, 0, T1, F2), pcapngSpb(true, F1)]),
    Buffer.concat([pcapngShb(false), pcapngIdb(false, SLL), pcapngEpb(false, 0, T1, F1)]),
  ];
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
        fc.tuple(fc.nat(2), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.nat()).map(([i, muts, cut]) => {
          const b = Buffer.from(seeds[i] as Buffer);
          for (const [at, v] of muts) b[at % b.length] = v;
          return b.subarray(0, cut % (b.length + 1));
        }),
      ),
      fc.boolean(),
      (file, partial) => {
        const r = readCaptureFile(file, { partial });
        if (r.ok) for (const f of r.value.frames) assert.ok(f.data.length <= file.length);
        const s = new CaptureStreamReader();
        s.push(file);
        s.end();
      },
    ),
    { numRuns: 5000 },
  );
});
