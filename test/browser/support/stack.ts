// The system the browser suites drive: a throw-away keyspace in the test Cassandra, a real
// capture node fed over UDP, and a query node serving the API and the built web/dist, put
// together as `siptrail all` does it (src/cli/commands/run.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type cassandra from 'cassandra-driver';
import type { Config } from '../../../src/config/types.js';
import { startQueryRole } from '../../../src/query/role.js';
import { startHttp, type HttpHandle } from '../../../src/http/server.js';
import { opsRouter } from '../../../src/http/ops-routes.js';
import { httpMetrics } from '../../../src/http/metrics-middleware.js';
import { webUi } from '../../../src/http/web-ui.js';
import { cassandraStores } from '../../../src/store/cassandra/stores.js';
import { StorageMonitor } from '../../../src/http/storage-monitor.js';
import { healthCheck, systemStatus } from '../../../src/http/system-status.js';
import { createLogger, silentLogger } from '../../../src/log/logger.js';
import { testKeyspace } from '../../support/test-cassandra.js';
import { toHep, type WireMessage } from '../../support/call-flows.js';
import { counter, hepBytes, sendUdp, startTestCapture, waitFor, type TestCapture } from '../../support/capture-node.js';

/** Repository root. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The bundle the query node serves. */
export const WEB_DIST = join(ROOT, 'web', 'dist');
/** The admin the query node creates at start-up. */
export const ADMIN = { username: 'admin', password: 'admin-pass-123' };

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Builds web/dist when it is missing or older than the sources (vite build, a few seconds). */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(ROOT, 'web', p)).filter(existsSync);
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newest))) return;
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', 'web', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(index)) {
    throw new Error(`web/dist could not be built (${r.error?.message ?? r.stderr.trim()}); run "npm run build" and look at its output`);
  }
}

/** A running capture + query pair on one keyspace. */
export interface Stack {
  base: string;
  cfg: Config;
  capture: TestCapture;
  /** The keyspace's client, for tests that shape the stored data directly. */
  client: cassandra.Client;
  /** Sends messages through the capture node and waits until they are stored. */
  send(messages: WireMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Starts capture and query (with the UI) on a fresh keyspace. */
export async function startStack(prefix: string, capture: Partial<Config['capture']> = {}, query: Partial<Config['query']> = {}): Promise<Stack> {
  ensureWebBuilt();
  const ks = await testKeyspace(prefix);
  const cap = await startTestCapture(ks.cfg, ks.client, capture);
  ks.cfg.query = { ...ks.cfg.query, ...query, adminUser: ADMIN.username, adminPassword: ADMIN.password };
  const registry = new Registry();
  // The monitor checks when /health asks (no timer to stop): the parts run.ts puts together.
  const stores = cassandraStores(ks.client, ks.cfg.cassandra);
  const parts = { storage: new StorageMonitor(stores.health, silentLogger()), capture: cap.role.pipeline };
  const q = await startQueryRole(ks.cfg, { stores, log: silentLogger(), status: () => systemStatus(parts) });
  const http: HttpHandle = await startHttp('127.0.0.1:0', [opsRouter(healthCheck(parts), registry), ...q.routers],
    createLogger({ level: 'error', format: 'pretty' }), [httpMetrics(registry), webUi(WEB_DIST), ...q.middleware]);
  let sent = 0;
  return {
    base: `http://127.0.0.1:${http.port}`,
    cfg: ks.cfg,
    capture: cap,
    client: ks.client,
    async send(messages) {
      sent += messages.length;
      await sendUdp(cap.udpPort, messages.map((m) => hepBytes(toHep(m))));
      await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) >= sent, 30_000, `${sent} messages stored`);
    },
    async close() {
      await http.close();
      await cap.role.close();
      await ks.drop();
    },
  };
}
