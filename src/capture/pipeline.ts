// The bounded write pipeline: rows queue in memory, leave in batches (by count or after
// flushMs) with a bounded number of batches in flight, and go to the disk spool when
// Cassandra fails a batch or the queue is full. A replay loop drains the spool, oldest
// first, whenever Cassandra takes writes again. Nothing is dropped unless the spool is
// full, and then it is counted and logged at error level.
import type { Logger } from '../log/logger.js';
import { RowsRejected, type MessageRow, type MessageWriter } from '../store/types.js';
import type { CaptureCounters } from './counters.js';
import type { Spool } from './spool.js';

/** Settings of the pipeline. */
export interface PipelineOptions {
  batchSize: number;
  flushMs: number;
  maxQueue: number;
  maxInFlightBatches: number;
  /** Pause between replay attempts while Cassandra still fails. */
  retryMs?: number;
}

/** Queue -> batches -> MessageWriter, with the spool as overflow and outage buffer. */
export class WritePipeline {
  private queue: MessageRow[] = [];
  private toSpool: MessageRow[] = [];
  private inFlight = 0;
  /** True after a failed write, until the spool has been replayed. */
  private degraded = false;
  private replaying = false;
  /** True from a failed write until a replay succeeds: the pending retry waits on the store, not on us. */
  private failing = false;
  private closed = false;
  private timer: NodeJS.Timeout;
  private syncTimer: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private writer: MessageWriter,
    private spool: Spool,
    private opt: PipelineOptions,
    private counters: CaptureCounters,
    private log: Logger,
  ) {
    this.timer = setInterval(() => this.tick(), opt.flushMs);
    // A failing disk must not crash the node with its queue: the error is logged and counted.
    this.syncTimer = setInterval(() => {
      this.spool.sync().catch((err: unknown) => {
        this.fsyncFailed(err);
      });
    }, 1000);
    counters.spoolBytes.set(spool.bytes);
    if (!spool.empty) {
      log.warn(`spool holds ${spool.bytes} bytes from an earlier run: replaying them into Cassandra`);
      this.degraded = true;
      this.scheduleReplay(0);
    }
  }

  /** Takes one row; never blocks and never throws. */
  push(row: MessageRow): void {
    if (this.degraded || this.queue.length >= this.opt.maxQueue) {
      this.toSpool.push(row);
      if (this.toSpool.length >= this.opt.batchSize) this.spill();
      return;
    }
    this.queue.push(row);
    if (this.queue.length >= this.opt.batchSize) this.flush();
  }

  /** Rows held in memory (queue + waiting for the spool). */
  get pending(): number {
    return this.queue.length + this.toSpool.length;
  }

  /** Rows Cassandra has not acknowledged yet: in memory (pending) and in the disk spool; for GET /api/v1/status. */
  backlog(): { queuedRows: number; spooledRows: number } {
    return { queuedRows: this.pending, spooledRows: this.spool.rows };
  }

  private tick(): void {
    this.spill();
    this.flush();
    this.counters.queue.set(this.pending);
  }

  private flush(): void {
    while (!this.degraded && this.inFlight < this.opt.maxInFlightBatches && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opt.batchSize);
      this.inFlight++;
      const end = this.counters.writeSeconds.startTimer();
      this.writeSalvaging(batch).then(
        (n) => {
          end();
          this.counters.stored.inc(n);
        },
        (err: unknown) => {
          this.counters.writeErrors.inc();
          this.enterDegraded(err);
          this.spillRows(batch);
        },
      ).finally(() => {
        this.inFlight--;
        this.flush();
        this.checkIdle();
      });
    }
    this.checkIdle();
  }

  /**
   * Writes a batch; when the store refuses it for good (RowsRejected), writes its rows
   * one by one so that one unwritable row costs only itself: it is dropped, counted and
   * logged, instead of blocking the spool forever. Transient errors propagate.
   */
  private async writeSalvaging(rows: MessageRow[]): Promise<number> {
    try {
      await this.writer.write(rows);
      return rows.length;
    } catch (err) {
      if (!(err instanceof RowsRejected)) throw err;
      let stored = 0;
      for (const row of rows) {
        try {
          await this.writer.write([row]);
          stored++;
        } catch (one) {
          if (!(one instanceof RowsRejected)) throw one;
          this.counters.dropped.inc({ reason: 'store-rejected' });
          this.log.error(`DROPPED a row the store refuses (${one.message.split('\n')[0]}): call ${row.callId} at ${row.ts} from ${row.srcIp}:${row.srcPort}`);
        }
      }
      return stored;
    }
  }

  private enterDegraded(err: unknown): void {
    this.failing = true;
    if (!this.degraded) {
      this.log.error(`Cassandra write failed (${(err as Error).message.split('\n')[0]}): spooling to disk until it recovers`);
      this.degraded = true;
    }
    // Everything queued behind the failed batch follows it to the spool, in order.
    this.spillRows(this.queue.splice(0));
    this.scheduleReplay(this.opt.retryMs ?? 1000);
  }

  private spill(): void {
    if (this.toSpool.length) this.spillRows(this.toSpool.splice(0));
  }

  private spillRows(rows: MessageRow[]): void {
    if (rows.length === 0) return;
    let written = 0;
    let failure: string | null = null;
    try {
      written = this.spool.append(rows);
    } catch (err) {
      failure = (err as Error).message;
      this.counters.spoolErrors.inc({ op: 'write' });
    }
    this.counters.spooled.inc(written);
    this.counters.spoolBytes.set(this.spool.bytes);
    if (written < rows.length) {
      this.counters.dropped.inc({ reason: failure ? 'spool-write-failed' : 'spool-full' }, rows.length - written);
      this.log.error(failure
        ? `DROPPED ${rows.length - written} rows: the spool write failed (${failure}) and Cassandra does not take writes`
        : `DROPPED ${rows.length - written} rows: the spool is full (${this.spool.bytes} bytes, capture.spoolMaxMb) and Cassandra does not take writes`);
    }
    if (!this.spool.empty) this.scheduleReplay(this.degraded ? (this.opt.retryMs ?? 1000) : 0);
  }

  private scheduleReplay(ms: number): void {
    if (this.replaying || this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.replay();
    }, ms);
  }

  private async replay(): Promise<void> {
    if (this.replaying || this.closed) return;
    this.replaying = true;
    try {
      for (;;) {
        this.spill();
        const seg = this.spool.openOldest();
        if (!seg) break;
        let stored = 0;
        // One batch decoded at a time, and a turn of the event loop after each write (a store
        // that answers at once would otherwise keep it): the sockets are read meanwhile.
        for (let rows = seg.next(this.opt.batchSize); rows.length > 0; rows = seg.next(this.opt.batchSize)) {
          stored += await this.writeSalvaging(rows);
          await new Promise((r) => setImmediate(r));
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() sets it during the await above; the narrowing from the loop test does not know
          if (this.closed) return;
        }
        if (seg.corrupt) {
          this.counters.dropped.inc({ reason: 'spool-corrupt' });
          this.log.error(`spool segment ${seg.file} damaged (${seg.corrupt}); replayed the ${seg.rowsRead} rows before the damage`);
        }
        this.spool.remove(seg);
        this.counters.replayed.inc(stored);
        this.counters.stored.inc(stored);
        this.counters.spoolBytes.set(this.spool.bytes);
      }
      this.failing = false;
      if (this.toSpool.length === 0 && this.spool.empty && this.degraded) {
        this.degraded = false;
        this.log.info('Cassandra takes writes again: spool replayed, writing directly');
      }
    } catch (err) {
      this.counters.writeErrors.inc();
      this.log.warn(`spool replay paused, Cassandra still failing: ${(err as Error).message.split('\n')[0]}`);
      this.degraded = true;
      this.failing = true;
      this.replaying = false;
      this.scheduleReplay(Math.min(10_000, (this.opt.retryMs ?? 1000) * 2));
      return;
    } finally {
      this.replaying = false;
      this.checkIdle();
    }
    if (!this.spool.empty) this.scheduleReplay(0);
  }

  private checkIdle(): void {
    // A retry pending while the store fails used to count as busy, so idle() never resolved
    // during an outage, although everything was already in the spool (as idle() promises).
    if (this.inFlight === 0 && this.queue.length === 0 && !this.replaying && (this.retryTimer === null || this.failing)) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves when nothing is queued, in flight or being replayed (the spool may still hold rows while Cassandra is down). */
  idle(): Promise<void> {
    this.spill();
    this.flush();
    return new Promise((r) => {
      this.idleWaiters.push(r);
      this.checkIdle();
    });
  }

  /** Writes or spools everything held, then closes the spool. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.syncTimer);
    this.flush();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.spillRows(this.queue.splice(0));
    this.spill();
    try {
      await this.spool.close();
    } catch (err) {
      this.fsyncFailed(err);
    }
  }

  private fsyncFailed(err: unknown): void {
    this.counters.spoolErrors.inc({ op: 'fsync' });
    this.log.error(`spool fsync failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
