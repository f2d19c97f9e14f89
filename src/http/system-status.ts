// What /health and GET /api/v1/status answer in a long-running role, put together from the
// parts the process has: the storage monitor always, the capture backlog in `all` and
// `capture`, the supervisor of local Cassandra nodes in `all` in local mode.
import type { CaptureBacklog, SupervisedNodeView, SystemStatus } from '../query/status-body.js';
import { storageHealth } from './health-body.js';
import type { HealthCheck } from '../store/health.js';
import type { StorageMonitor } from './storage-monitor.js';

/** The parts of a process that have something to say about its state. */
export interface StatusParts {
  storage: StorageMonitor;
  capture?: { backlog(): CaptureBacklog } | null;
  supervisor?: { state(): SupervisedNodeView[] } | null;
}

/** GET /api/v1/status: the monitor's last state (it checks every few seconds), no extra query. */
export function systemStatus(p: StatusParts): SystemStatus {
  return { storage: p.storage.state(), capture: p.capture?.backlog() ?? null, cassandra: p.supervisor?.state() ?? null };
}

/** /health: checks storage now; down, it says since when, why, and what the supervisor does. */
export function healthCheck(p: StatusParts): HealthCheck {
  return async () => storageHealth(await p.storage.check(), p.supervisor?.state() ?? null);
}
