// Storage state of a long-running role: the Cassandra health check every few seconds
// (and whenever /health asks), remembering since when storage is down and why. The
// transition down is logged once at error level, the way back at info; the gauge
// siptrail_storage_up follows it.
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import type { StorageView } from '../query/status-body.js';
import { formatSpan } from '../util/span.js';
import type { HealthCheck } from '../store/health.js';

/** How often the monitor checks by itself. */
const INTERVAL_MS = 3000;

/** Watches whether Cassandra answers. */
export class StorageMonitor {
  private view: StorageView = { up: true, downSince: null, reason: null, checkedAt: null };
  private inFlight: Promise<StorageView> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly gauge?: Gauge;

  constructor(private readonly health: HealthCheck, private readonly log: Logger, registry?: Registry, private readonly intervalMs = INTERVAL_MS) {
    if (registry) this.gauge = new Gauge({ name: 'siptrail_storage_up', help: '1 while Cassandra answers the health check, 0 while it does not', registers: [registry] });
    this.gauge?.set(1);
  }

  /** Checks every intervalMs until close(). */
  start(): this {
    this.timer ??= setInterval(() => void this.check(), this.intervalMs);
    return this;
  }

  /** The state as of the last check. */
  state(): StorageView {
    return { ...this.view };
  }

  /** Checks now (joining a check already running) and returns the new state. */
  check(): Promise<StorageView> {
    this.inFlight ??= this.health().then(
      (h) => this.record(h.ok ? null : h.reason),
      (err: unknown) => this.record(`health check failed: ${err instanceof Error ? err.message : String(err)}`),
    ).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Stops the periodic check. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private record(reason: string | null, now = new Date()): StorageView {
    const was = this.view;
    if (reason === null) {
      if (!was.up) this.log.info(`storage up again: Cassandra answers after ${formatSpan(now.getTime() - Date.parse(was.downSince ?? now.toISOString()))} down`);
      this.view = { up: true, downSince: null, reason: null, checkedAt: now.toISOString() };
    } else {
      if (was.up) this.log.error(`storage down: ${reason}; capture spools to disk and search fails until Cassandra answers again`);
      this.view = { up: false, downSince: was.downSince ?? now.toISOString(), reason, checkedAt: now.toISOString() };
    }
    this.gauge?.set(this.view.up ? 1 : 0);
    return this.state();
  }
}
