import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { serialize } from 'node:v8';
import { makeRow } from '../../test/support/rows.js';
import type { MessageRow } from '../store/types.js';
import { Spool, type SpoolOptions } from './spool.js';

/** n distinct rows (distinct ts, payload and so id). */
function rows(n: number, from = 0): MessageRow[] {
  return Array.from({ length: n }, (_, i) => makeRow({ ts: 1_763_974_800_000_000n + BigInt(from + i), payload: Buffer.from(`INVITE sip:${from + i}@x SIP/2.0\r\n\r\n`), corr: [`c${i}`], extra: { 'x-n': String(i) } }));
}

/** Bytes one row takes in a segment (8-byte header + serialized body). */
const recordSize = (row: MessageRow) => 8 + serialize(row).length;

describe('Spool', () => {
  let dir: string;
  const open = (over: Partial<SpoolOptions> = {}) => new Spool({ dir, maxBytes: 1 << 30, fsync: 'never', ...over });
  const segFiles = () => readdirSync(dir).filter((f) => f.endsWith('.spool')).sort();
  /** The oldest segment read whole, or null. */
  const oldest = (spool: Spool) => {
    const reader = spool.openOldest();
    if (!reader) return null;
    const rows = reader.next(Number.MAX_SAFE_INTEGER);
    return { file: reader.file, rowsRead: reader.rowsRead, rows, corrupt: reader.corrupt };
  };
  /** Reads and removes every segment, oldest first. */
  const drain = (spool: Spool) => {
    const out: MessageRow[] = [];
    for (let seg = oldest(spool); seg; seg = oldest(spool)) {
      assert.equal(seg.corrupt, null);
      out.push(...seg.rows);
      spool.remove(seg);
    }
    return out;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'siptrail-spool-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a full disk (the segment is /dev/full): the append throws, the segment is sealed, the next append goes to a new one and nothing after it is lost', { skip: !existsSync('/dev/full') }, () => {
    const spool = open();
    // The first segment the spool opens is /dev/full, where every write fails with ENOSPC.
    const first = join(dir, 'seg-0000000000000001.spool');
    symlinkSync('/dev/full', first);
    assert.throws(() => spool.append(rows(3)), /ENOSPC/);
    unlinkSync(first); // (reading /dev/full would never end)
    assert.equal(spool.rows, 0);
    assert.equal(spool.append(rows(4, 10)), 4);
    assert.deepEqual(segFiles(), ['seg-0000000000000002.spool']);
    assert.deepEqual(drain(spool).map((r) => r.ts), rows(4, 10).map((r) => r.ts));
  });

  /** Paths the open file descriptors of this process point at. */
  const openFiles = () => readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd));
    } catch {
      return ''; // closed between the listing and the read
    }
  });

  test('interval: a sealed segment is synced and closed off the event loop, after the seal returns; sync() and close() wait for it', { skip: !existsSync('/proc/self/fd') }, async () => {
    const spool = open({ fsync: 'interval' });
    spool.append(rows(3));
    const path = join(dir, segFiles()[0]!);
    spool.seal();
    assert.ok(openFiles().includes(path), 'the file is still open: its fdatasync runs in the thread pool');
    await spool.sync();
    assert.ok(!openFiles().includes(path), 'closed once its fdatasync finished');
    spool.append(rows(2, 10));
    const second = join(dir, segFiles()[1]!);
    await spool.close();
    assert.ok(!openFiles().includes(second));
    assert.deepEqual(drain(open()).map((r) => r.ts), [...rows(3), ...rows(2, 10)].map((r) => r.ts));
  });

  test('interval: an fdatasync that fails (the segment is /dev/null: EINVAL) is thrown by the next sync(), once; appends go on', { skip: !existsSync('/dev/null') }, async () => {
    const spool = open({ fsync: 'interval' });
    symlinkSync('/dev/null', join(dir, 'seg-0000000000000001.spool'));
    assert.equal(spool.append(rows(2)), 2, 'the write itself succeeds');
    await assert.rejects(spool.sync(), /EINVAL/);
    await spool.sync(); // reported once, and nothing new is pending
    spool.append(rows(1, 5));
    spool.seal(); // the sealed segment's fdatasync fails in the thread pool, not here
    await assert.rejects(spool.sync(), /EINVAL/);
    unlinkSync(join(dir, 'seg-0000000000000001.spool'));
    assert.equal(spool.append(rows(4, 10)), 4);
    await spool.close();
    assert.deepEqual(segFiles(), ['seg-0000000000000002.spool']);
  });

  test('files hold full SIP: the folder is 0700 and each segment 0600', async () => {
    const spool = open();
    spool.append(rows(1));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, segFiles()[0] ?? '')).mode & 0o777, 0o600);
    await spool.close();
  });

  test('append, oldest, remove: rows come back deep-equal (Buffers, bigint, maps) and the spool empties', async () => {
    const spool = open();
    assert.equal(spool.empty, true);
    assert.equal(oldest(spool), null);
    const batch = rows(25);
    assert.equal(spool.append(batch), 25);
    assert.equal(spool.empty, false);
    assert.equal(spool.bytes, batch.reduce((a, r) => a + recordSize(r), 0));
    const seg = oldest(spool);
    assert.ok(seg);
    assert.equal(seg.corrupt, null);
    assert.deepEqual(seg.rows, batch);
    assert.ok(Buffer.isBuffer(seg.rows[0]!.payload) && typeof seg.rows[0]!.ts === 'bigint');
    spool.remove(seg);
    assert.equal(spool.empty, true);
    assert.equal(spool.bytes, 0);
    assert.equal(oldest(spool), null);
    assert.deepEqual(segFiles(), []);
    await spool.close();
  });

  test('appends after openOldest() sealed the segment go to a new one; nothing is lost or repeated', async () => {
    const spool = open({ fsync: 'always' });
    const a = rows(3, 0);
    const b = rows(4, 100);
    spool.append(a);
    const seg = oldest(spool);
    spool.append(b);
    assert.ok(seg);
    spool.remove(seg);
    assert.deepEqual(seg.rows, a);
    assert.deepEqual(drain(spool), b);
    await spool.close();
  });

  test('maxBytes bounds the spool: append returns how many rows fitted', async () => {
    const batch = rows(10);
    const size = recordSize(batch[0]!);
    const spool = open({ maxBytes: size * 4 + size / 2 });
    assert.equal(spool.append(batch), 4);
    assert.equal(spool.append(batch.slice(4)), 0);
    assert.ok(spool.bytes <= size * 4 + size / 2);
    assert.deepEqual(drain(spool), batch.slice(0, 4));
    // Room again once replayed.
    assert.equal(spool.append(batch.slice(4)), 4);
    await spool.close();
  });

  test('segments rotate at segmentBytes and replay oldest first, in append order', async () => {
    const size = recordSize(rows(1)[0]!);
    const spool = open({ segmentBytes: size * 3 });
    const all = rows(20);
    for (let i = 0; i < all.length; i += 2) spool.append(all.slice(i, i + 2));
    assert.ok(segFiles().length >= 5, `expected several segments, got ${segFiles().join(', ')}`);
    for (const f of segFiles().slice(0, -1)) assert.ok(statSync(join(dir, f)).size <= size * 5, `${f} is too big`);
    assert.deepEqual(drain(spool), all);
    assert.deepEqual(segFiles(), []);
    await spool.close();
  });

  test('a Spool reopened on the same folder finds the old segments (restart) and appends after them', async () => {
    const size = recordSize(rows(1)[0]!);
    const first = open({ segmentBytes: size * 2 });
    const before = rows(7);
    first.append(before.slice(0, 3));
    first.append(before.slice(3));
    const bytes = first.bytes;
    await first.close();

    const second = open({ segmentBytes: size * 2 });
    assert.equal(second.empty, false);
    assert.equal(second.bytes, bytes);
    assert.equal(second.rows, 7, 'the rows an earlier run left are counted');
    const after = rows(3, 50);
    second.append(after);
    assert.equal(second.rows, 10);
    assert.deepEqual(drain(second), [...before, ...after]);
    assert.equal(second.rows, 0);
    await second.close();
  });

  test('rows counts what is in the spool through appends and removes (the status banner shows it)', async () => {
    const size = recordSize(rows(1)[0]!);
    const spool = open({ segmentBytes: size * 3 });
    assert.equal(spool.rows, 0);
    spool.append(rows(4));
    spool.append(rows(4, 10));
    assert.equal(spool.rows, 8);
    const seg = oldest(spool)!;
    spool.remove(seg);
    assert.equal(spool.rows, 8 - seg.rows.length);
    assert.equal(drain(spool).length, 8 - seg.rows.length);
    assert.equal(spool.rows, 0);
    await spool.close();
  });

  test('a torn tail stops replay of that segment at the damage and reports it', async () => {
    const spool = open();
    const batch = rows(5);
    spool.append(batch);
    await spool.close();
    const [file] = segFiles();
    const path = join(dir, file!);
    const keep = recordSize(batch[0]!) * 3 + recordSize(batch[3]!) - 10; // cut inside the 4th record's body
    truncateSync(path, keep);

    const reopened = open();
    assert.equal(reopened.rows, 3, 'the torn record is no row');
    const seg = oldest(reopened);
    assert.ok(seg);
    assert.deepEqual(seg.rows, batch.slice(0, 3));
    assert.match(seg.corrupt ?? '', /record at byte \d+ claims \d+ bytes/);
    reopened.remove(seg);
    assert.equal(reopened.empty, true);
    await reopened.close();
  });

  test('a torn record header is reported as such', async () => {
    const spool = open();
    const batch = rows(2);
    spool.append(batch);
    await spool.close();
    const path = join(dir, segFiles()[0]!);
    truncateSync(path, recordSize(batch[0]!) + 5);
    const seg = oldest(open());
    assert.deepEqual(seg?.rows, batch.slice(0, 1));
    assert.match(seg.corrupt ?? '', /torn record header/);
  });

  test('a flipped CRC byte stops replay of that segment there; later segments still replay', async () => {
    const size = recordSize(rows(1)[0]!);
    const spool = open({ segmentBytes: size * 4 });
    const batch = rows(4);
    const later = rows(2, 10);
    spool.append(batch);
    spool.append(later); // second segment
    await spool.close();
    const [damaged] = segFiles();
    const path = join(dir, damaged!);
    const buf = readFileSync(path);
    const off = recordSize(batch[0]!) + recordSize(batch[1]!); // third record
    buf[off + 4] = buf[off + 4]! ^ 0xff; // its CRC
    writeFileSync(path, buf);

    const reopened = open({ segmentBytes: size * 4 });
    const seg = oldest(reopened);
    assert.ok(seg);
    assert.deepEqual(seg.rows, batch.slice(0, 2));
    assert.equal(seg.corrupt, `bad CRC at byte ${off}`);
    reopened.remove(seg);
    const next = oldest(reopened);
    assert.equal(next?.corrupt, null);
    assert.deepEqual(next.rows, later);
    await reopened.close();
  });

  test('a flipped body byte is caught by the CRC', async () => {
    const spool = open();
    const batch = rows(3);
    spool.append(batch);
    await spool.close();
    const path = join(dir, segFiles()[0]!);
    const buf = readFileSync(path);
    const off = recordSize(batch[0]!);
    buf[off + 8 + 20] = buf[off + 8 + 20]! ^ 0x01;
    writeFileSync(path, buf);
    const seg = oldest(open());
    assert.deepEqual(seg?.rows, batch.slice(0, 1));
    assert.equal(seg.corrupt, `bad CRC at byte ${off}`);
  });
});
