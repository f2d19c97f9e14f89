// The capture node's counters: every packet is received, then stored, spooled,
// rejected (with a reason) or dropped (with a reason) — and each of those is counted.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Counters and gauges of one capture node, registered in its metrics registry. */
export class CaptureCounters {
  readonly received: Counter<'input'>;
  readonly rejected: Counter<'reason'>;
  readonly stored: Counter;
  readonly spooled: Counter;
  readonly replayed: Counter;
  readonly dropped: Counter<'reason'>;
  readonly writeErrors: Counter;
  readonly spoolErrors: Counter<'op'>;
  readonly queue: Gauge;
  readonly spoolBytes: Gauge;
  readonly writeSeconds: Histogram;

  constructor(registry: Registry) {
    const reg = [registry];
    this.received = new Counter({ name: 'siptrail_capture_received_total', help: 'packets received, by input', labelNames: ['input'], registers: reg });
    this.rejected = new Counter({ name: 'siptrail_capture_rejected_total', help: 'packets rejected, by reason', labelNames: ['reason'], registers: reg });
    this.stored = new Counter({ name: 'siptrail_capture_stored_total', help: 'rows acknowledged by Cassandra', registers: reg });
    this.spooled = new Counter({ name: 'siptrail_capture_spooled_total', help: 'rows written to the disk spool', registers: reg });
    this.replayed = new Counter({ name: 'siptrail_capture_replayed_total', help: 'rows replayed from the spool into Cassandra', registers: reg });
    this.dropped = new Counter({ name: 'siptrail_capture_dropped_total', help: 'rows lost, by reason (spool full, spool write failed, spool corrupt)', labelNames: ['reason'], registers: reg });
    this.writeErrors = new Counter({ name: 'siptrail_capture_write_errors_total', help: 'batches Cassandra did not acknowledge', registers: reg });
    this.spoolErrors = new Counter({ name: 'siptrail_capture_spool_errors_total', help: 'spool disk operations that failed, by operation (write, fsync)', labelNames: ['op'], registers: reg });
    this.queue = new Gauge({ name: 'siptrail_capture_queue_rows', help: 'rows waiting in memory', registers: reg });
    this.spoolBytes = new Gauge({ name: 'siptrail_capture_spool_bytes', help: 'bytes in the disk spool', registers: reg });
    this.writeSeconds = new Histogram({ name: 'siptrail_capture_write_seconds', help: 'latency of one batch write', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: reg });
  }
}
