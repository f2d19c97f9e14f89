// `siptrail all | capture | query`: the long-running roles. `all` in local mode starts
// the local Cassandra it needs, supervises it (restarts a node that dies, within the
// crash-loop policy) and stops it again on Ctrl-C; every role watches whether storage
// answers, and stops cleanly on SIGINT/SIGTERM (capture flushes what it holds first).
import type { Config } from '../../config/types.js';
import { errorText } from '../../util/error-text.js';
import { settled } from '../../util/settled.js';
import type { Logger } from '../../log/logger.js';
import { connectCassandra } from '../../store/cassandra/client.js';
import { cassandraStores } from '../../store/cassandra/stores.js';
import { migrate } from '../../migrate/migrate.js';
import { schemaVersion } from '../../migrate/version.js';
import { checkCassandraMemory } from './memory-check.js';
import { createRegistry } from '../../metrics/registry.js';
import { trustedProxies } from '../../http/forwarded.js';
import { opsRouter } from '../../http/ops-routes.js';
import { StorageMonitor } from '../../http/storage-monitor.js';
import { healthCheck, systemStatus, type StatusParts } from '../../http/system-status.js';
import { startHttp } from '../../http/server.js';
import { batchWriteConcurrency, startCaptureRole, type CaptureRole } from '../../capture/role.js';
import { startQueryRole } from '../../query/role.js';
import { httpMetrics } from '../../http/metrics-middleware.js';
import { webUi } from '../../http/web-ui.js';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { untilSignal } from './until-signal.js';
import type { Launcher } from '../launcher.js';

/** A piece of a running process that must be shut down, in reverse start order. */
type Closer = { name: string; close: () => Promise<unknown> };

/** Runs a role until a signal; returns the exit code. */
export async function runCommand(role: 'all' | 'capture' | 'query', cfg: Config, log: Logger, launcher: Launcher): Promise<number> {
  const closers: Closer[] = [];
  const shutdown = async () => {
    for (const c of closers.reverse()) {
      try {
        await c.close();
      } catch (err) {
        log.error(`stopping ${c.name}: ${(err as Error).message}`);
      }
    }
    closers.length = 0;
  };
  const registry = createRegistry(role);
  try {
    const ring = role === 'all' && cfg.cassandra.mode === 'local' ? await launcher.startSupervised(cfg.local, { log, registry }) : null;
    if (ring) closers.push({ name: 'local Cassandra', close: () => ring.close() });
    if (role === 'all') {
      const admin = await connectCassandra(cfg.cassandra);
      try {
        await migrate(admin, cfg.cassandra, log);
      } finally {
        await admin.shutdown();
      }
    }
    const client = await connectCassandra(cfg.cassandra, cfg.cassandra.keyspace).catch((err: unknown) => {
      throw /does not exist|Keyspace/i.test(errorText(err)) ? new Error(`keyspace ${cfg.cassandra.keyspace} does not exist: run "siptrail migrate" first`) : err;
    });
    closers.push({ name: 'Cassandra client', close: () => client.shutdown() });
    await schemaVersion(client, cfg.cassandra.keyspace);
    // Reported in the log while the role starts; a slow node does not hold the start up.
    void checkCassandraMemory(client, cfg, log, cfg.cassandra.mode === 'local' ? launcher.heapMb(cfg.local) : null);

    // The one place the roles' stores are built; each role's type admits only its side of them.
    const stores = cassandraStores(client, { ...cfg.cassandra, writeConcurrency: batchWriteConcurrency(cfg) });
    const storage = new StorageMonitor(stores.health, log, registry).start();
    closers.push({ name: 'storage monitor', close: () => settled(() => storage.close()) });
    let capture: CaptureRole | null = null;
    if (role !== 'query') {
      const c = await startCaptureRole(cfg, { stores, log, registry });
      closers.push({ name: 'capture', close: () => c.close() });
      capture = c;
    }
    const parts: StatusParts = { storage, capture: capture?.pipeline, supervisor: ring?.supervisor ?? null };
    const routers: Router[] = [opsRouter(healthCheck(parts), registry)];
    const proxies = trustedProxies(cfg.http.trustProxy);
    const middleware: Middleware[] = [...(proxies ? [proxies] : []), httpMetrics(registry)];
    if (role !== 'capture') {
      const query = await startQueryRole(cfg, { stores, log, status: () => systemStatus(parts), registry });
      routers.push(...query.routers);
      // The UI (web/dist) answers whatever no route did: GET/HEAD outside /api/.
      middleware.push(webUi(), ...query.middleware);
    }
    const http = await startHttp(cfg.http.listen, routers, log, middleware);
    closers.push({ name: 'HTTP', close: () => http.close() });
    log.info(`siptrail ${role} ready: HTTP on ${cfg.http.listen} (${role === 'capture' ? '/health, /metrics' : 'UI /, API /api/v1, /health, /metrics'})`);
  } catch (err) {
    await shutdown();
    throw err;
  }
  return untilSignal(log, shutdown);
}
