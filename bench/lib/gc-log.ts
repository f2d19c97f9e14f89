// Reads a JDK 17 unified GC log (-Xlog:gc*:file=...:time,uptime,level,tags) as written by
// the local Cassandra nodes: one entry per pause with the heap before and after it.
// Lines look like:
//   [2026-12-02T05:33:21.088+0000][266.152s][info][gc             ] GC(591) Pause Full (G1 Compaction Pause) 1021M->1021M(1024M) 1288.903ms
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** One stop-the-world pause of the collector. */
export interface GcPause {
  at: Date;
  kind: string;
  beforeMiB: number;
  afterMiB: number;
  capacityMiB: number;
  ms: number;
}

// Anchored, no nested quantifiers: the time stamp, then `GC(n) Pause <kind> a->b(c) x ms`.
const PAUSE = /^\[([^\]]+)\].*\] GC\(\d+\) (Pause .*?) (\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms$/;

/** The pause a log line records, or null for every other line. */
export function parsePause(line: string): GcPause | null {
  const m = PAUSE.exec(line.trimEnd());
  if (!m) return null;
  const [, stamp = '', kind = '', before, after, capacity, ms] = m;
  const at = new Date(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(at.getTime())) return null;
  return { at, kind: kind.trim(), beforeMiB: Number(before), afterMiB: Number(after), capacityMiB: Number(capacity), ms: Number(ms) };
}

/** Follows a GC log file from where it was last read; starts over when the JVM rotated it. */
export class GcLogTail {
  private offset = 0;
  private rest = '';
  constructor(private readonly file: string) {}

  /** The pauses logged since the previous call (at most `maxBytes` of new log are read). */
  read(maxBytes = 16 * 1024 * 1024): GcPause[] {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return [];
    }
    if (size < this.offset) [this.offset, this.rest] = [0, ''];
    const len = Math.min(maxBytes, size - this.offset);
    if (len <= 0) return [];
    const buf = Buffer.alloc(len);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buf, 0, len, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset += len;
    const lines = (this.rest + buf.toString('utf8')).split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map(parsePause).filter((p): p is GcPause => p !== null);
  }
}
