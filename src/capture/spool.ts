// The disk spool: rows Cassandra could not take (down, or too slow for the queue) are
// appended here and replayed, oldest segment first, when it can. Bounded in bytes; a
// restart finds and replays what is left.
//
// Segment file seg-<seq>.spool, records back to back:
//   +--------+--------+---------------------------+
//   | len u32| crc u32| v8.serialize(MessageRow)  |   (len = bytes of the body, BE)
//   +--------+--------+---------------------------+
// A torn tail (crash mid-append) or a bad CRC ends the segment's replay there. A failed
// or short write (a full disk) is cut back off the segment, which is then sealed, so the
// appends after it go to a new segment and are not lost behind a torn record. The files
// hold full SIP (Authorization digests too): folder 0700, files 0600.
//
// With the `interval` policy, fdatasync runs off the event loop (libuv's thread pool): on
// a disk that Cassandra flushes to, one call can take a second, and the node's UDP sockets
// must be read meanwhile. A sealed segment's file is closed by its own last fdatasync,
// never while one is running on it.
import { chmodSync, closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { MessageRow } from '../store/types.js';

/** Settings of the spool. */
export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  fsync: 'always' | 'interval' | 'never';
  segmentBytes?: number;
}

/** Records framed in a segment's bytes (CRCs unchecked): the rows it holds, for counting. */
export function countRecords(buf: Buffer): number {
  let n = 0;
  for (let off = 0; off + 8 <= buf.length; n++) {
    const end = off + 8 + buf.readUInt32BE(off);
    if (end > buf.length) break; // a torn tail holds no row
    off = end;
  }
  return n;
}

const datasync = (fd: number) => new Promise<void>((resolve, reject) => {
  fdatasync(fd, (err) => {
    if (err) reject(err);
    else resolve();
  });
});

const segName = (seq: number) => `seg-${String(seq).padStart(16, '0')}.spool`;

/** Append-only, segmented, size-bounded on-disk queue of rows. */
export class Spool {
  private fd: number | null = null;
  private writeSeq = 0;
  private writeBytes = 0;
  private total = 0;
  /** Rows in each segment file. */
  private segRows = new Map<string, number>();
  private rowTotal = 0;
  private dirty = false;
  /** fdatasyncs (and a sealed file's close after its last) running in the thread pool, by fd. */
  private syncing = new Map<number, Promise<void>>();
  /** What those gave that nobody has been told yet (sync() throws it). */
  private failures: Error[] = [];
  private readonly segmentBytes: number;

  constructor(private opt: SpoolOptions) {
    this.segmentBytes = opt.segmentBytes ?? 32 * 1024 * 1024;
    mkdirSync(opt.dir, { recursive: true, mode: 0o700 });
    chmodSync(opt.dir, 0o700);
    for (const f of this.segments()) {
      this.total += statSync(join(opt.dir, f)).size;
      // Left by an earlier run: counted once here (reading at most spoolMaxMb), then kept up to date.
      const rows = countRecords(readFileSync(join(opt.dir, f)));
      this.segRows.set(f, rows);
      this.rowTotal += rows;
      this.writeSeq = Math.max(this.writeSeq, Number(f.slice(4, 20)));
    }
  }

  /** Bytes currently in the spool. */
  get bytes(): number {
    return this.total;
  }

  /** Rows currently in the spool. */
  get rows(): number {
    return this.rowTotal;
  }

  /** True when nothing waits for replay. */
  get empty(): boolean {
    return this.total === 0;
  }

  private segments(): string[] {
    return readdirSync(this.opt.dir).filter((f) => /^seg-\d{16}\.spool$/.test(f)).sort();
  }

  private openNext(): number {
    this.writeSeq++;
    this.fd = openSync(join(this.opt.dir, segName(this.writeSeq)), 'a', 0o600);
    this.writeBytes = 0;
    return this.fd;
  }

  /** Appends rows; returns how many fitted under maxBytes (the rest the caller must count as dropped). */
  append(rows: MessageRow[]): number {
    const records: Buffer[] = [];
    let size = 0;
    for (const row of rows) {
      const body = serialize(row);
      if (this.total + size + body.length + 8 > this.opt.maxBytes) break;
      const head = Buffer.allocUnsafe(8);
      head.writeUInt32BE(body.length, 0);
      head.writeUInt32BE(crc32(body), 4);
      records.push(head, body);
      size += body.length + 8;
    }
    if (size === 0) return 0;
    if (this.fd === null || this.writeBytes >= this.segmentBytes) this.seal();
    const fd = this.fd ?? this.openNext();
    const bytes = Buffer.concat(records, size);
    try {
      for (let off = 0; off < size; ) {
        const n = writeSync(fd, bytes, off, size - off);
        if (n <= 0) throw new Error(`spool write made no progress at byte ${off} of ${size}`);
        off += n;
      }
    } catch (err) {
      // Cut the partial record off and start the next append in a new segment.
      try {
        ftruncateSync(fd, this.writeBytes);
      } catch {
        // The segment then ends in a torn record: replay stops there, after every whole one.
      }
      this.seal();
      throw err;
    }
    this.writeBytes += size;
    this.total += size;
    const file = segName(this.writeSeq);
    this.segRows.set(file, (this.segRows.get(file) ?? 0) + records.length / 2);
    this.rowTotal += records.length / 2;
    if (this.opt.fsync === 'always') fdatasyncSync(fd);
    else this.dirty = true;
    return records.length / 2;
  }

  /** Runs `op` on `fd` after what already runs on it; its error is kept for sync() to throw. */
  private track(fd: number, op: () => Promise<void>): void {
    const p: Promise<void> = (this.syncing.get(fd) ?? Promise.resolve())
      .then(op)
      .catch((err: unknown) => {
        this.failures.push(err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => {
        if (this.syncing.get(fd) === p) this.syncing.delete(fd);
      });
    this.syncing.set(fd, p);
  }

  /**
   * Starts an fdatasync of the appends not yet synced, off the event loop (the `interval`
   * policy's timer calls this once a second); resolves when it and every sealed segment's
   * are done, and rejects with what any of them failed with since the last call.
   */
  async sync(): Promise<void> {
    const fd = this.fd;
    if (fd !== null && this.dirty && this.opt.fsync === 'interval' && !this.syncing.has(fd)) {
      this.dirty = false;
      this.track(fd, () => datasync(fd));
    }
    await Promise.all(this.syncing.values());
    const failed = this.failures.splice(0);
    const [first] = failed;
    if (failed.length === 1 && first) throw first;
    if (failed.length > 1) throw new AggregateError(failed, `${failed.length} spool fdatasyncs failed: ${failed.map((e) => e.message).join('; ')}`);
  }

  /**
   * Closes the segment being written, so the next append starts a new one. With `interval`
   * its file is synced and closed in the thread pool; `always` synced it at each append.
   */
  seal(): void {
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    const dirty = this.dirty;
    this.dirty = false;
    if (this.opt.fsync === 'interval' && (dirty || this.syncing.has(fd))) {
      this.track(fd, async () => {
        try {
          if (dirty) await datasync(fd);
        } finally {
          closeSync(fd);
        }
      });
    } else {
      closeSync(fd);
    }
  }

  /**
   * The oldest segment (sealed first if it is being written), to be decoded a slice at a
   * time; null when the spool is empty. A replay decodes one batch, writes it and only then
   * decodes the next, so a 32 MiB segment never stalls the node (and its UDP sockets) for
   * the second it takes to decode whole.
   */
  openOldest(): SegmentReader | null {
    const files = this.segments();
    const first = files[0];
    if (!first) return null;
    if (this.fd !== null && Number(first.slice(4, 20)) === this.writeSeq) this.seal();
    return new SegmentReader(first, readFileSync(join(this.opt.dir, first)));
  }

  /** Deletes a replayed segment. */
  remove(seg: Pick<SegmentReader, 'file' | 'rowsRead'>): void {
    const path = join(this.opt.dir, seg.file);
    if (!existsSync(path)) return;
    this.total -= statSync(path).size;
    this.rowTotal -= this.segRows.get(seg.file) ?? seg.rowsRead;
    this.segRows.delete(seg.file);
    unlinkSync(path);
    if (this.total < 0 || this.segments().length === 0) this.total = this.segments().reduce((a, f) => a + statSync(join(this.opt.dir, f)).size, 0);
  }

  /** Closes the file being written and waits until every file is synced and closed; rejects as sync() does. */
  async close(): Promise<void> {
    this.seal();
    await this.sync();
  }

  /** Size of the segment being written (for tests). */
  currentSegmentSize(): number {
    return this.fd === null ? 0 : fstatSync(this.fd).size;
  }
}

/** A sealed segment's records, decoded on demand, oldest first; stops at the first damage. */
export class SegmentReader {
  private off = 0;
  /** Why the segment's tail could not be read (torn, bad CRC, undecodable), or null. */
  corrupt: string | null = null;
  /** Rows decoded so far. */
  rowsRead = 0;

  constructor(readonly file: string, private buf: Buffer) {}

  /** Up to `max` more rows; empty at the end of the segment or at damage (`corrupt` says which). */
  next(max: number): MessageRow[] {
    const { buf } = this;
    const rows: MessageRow[] = [];
    while (rows.length < max && this.corrupt === null && this.off < buf.length) {
      const off = this.off;
      if (off + 8 > buf.length) { this.corrupt = `torn record header at byte ${off}`; break; }
      const len = buf.readUInt32BE(off);
      if (off + 8 + len > buf.length) { this.corrupt = `record at byte ${off} claims ${len} bytes, ${buf.length - off - 8} left`; break; }
      const body = buf.subarray(off + 8, off + 8 + len);
      if (crc32(body) !== buf.readUInt32BE(off + 4)) { this.corrupt = `bad CRC at byte ${off}`; break; }
      try {
        rows.push(deserialize(body) as MessageRow);
      } catch (err) {
        this.corrupt = `undecodable record at byte ${off}: ${(err as Error).message}`;
        break;
      }
      this.off = off + 8 + len;
    }
    this.rowsRead += rows.length;
    return rows;
  }
}
