// `siptrail all | capture | query`: the long-running roles. `all` in local mode starts
// the local Cassandra it needs and stops it again on Ctrl-C; every role stops cleanly
// on SIGINT/SIGTERM (capture flushes what it holds first).
import type cassandra from 'cassandra-driver';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { startLocal, stopLocal } from '../../../cluster/local-cluster.js';
import { connectCassandra } from '../../store/cassandra/client.js';
import { migrate } from '../../migrate/migrate.js';
import { schemaVersion } from '../../migrate/version.js';
import { createRegistry } from '../../metrics/registry.js';
import { opsRouter, type HealthCheck } from '../../http/ops-routes.js';
import { startHttp } from '../../http/server.js';
import { startCaptureRole } from '../../capture/role.js';
import { startQueryRole } from '../../query/role.js';
import { httpMetrics } from '../../http/metrics-middleware.js';
import { webUi } from '../../http/web-ui.js';
import type Router from '@koa/router';
import type { Middleware } from 'koa';

/** A piece of a running process that must be shut down, in reverse start order. */
type Closer = { name: string; close: () => Promise<unknown> };

/** Health: Cassandra answers a trivial query within two seconds. */
export function cassandraHealth(client: cassandra.Client): HealthCheck {
  return async () => {
    try {
      await Promise.race([
        client.execute('SELECT release_version FROM system.local'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2s')), 2000).unref()),
      ]);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `cassandra unreachable: ${(err as Error).message.split('\n')[0]}` };
    }
  };
}

/** Runs a role until a signal; returns the exit code. */
export async function runCommand(role: 'all' | 'capture' | 'query', cfg: Config, log: Logger): Promise<number> {
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
  try {
    if (role === 'all' && cfg.cassandra.mode === 'local') {
      const started = await startLocal(cfg.local, log);
      if (started.length) closers.push({ name: 'local Cassandra', close: () => stopLocal(cfg.local, log, started) });
    }
    if (role === 'all') {
      const admin = await connectCassandra(cfg.cassandra, cfg.local);
      try {
        await migrate(admin, cfg.cassandra, log);
      } finally {
        await admin.shutdown();
      }
    }
    const client = await connectCassandra(cfg.cassandra, cfg.local, cfg.cassandra.keyspace).catch((err: Error) => {
      throw /does not exist|Keyspace/i.test(err.message) ? new Error(`keyspace ${cfg.cassandra.keyspace} does not exist: run "siptrail migrate" first`) : err;
    });
    closers.push({ name: 'Cassandra client', close: () => client.shutdown() });
    await schemaVersion(client, cfg.cassandra.keyspace);

    const registry = createRegistry(role);
    if (role !== 'query') {
      const capture = await startCaptureRole(cfg, { client, log, registry });
      closers.push({ name: 'capture', close: () => capture.close() });
    }
    const routers: Router[] = [opsRouter(cassandraHealth(client), registry)];
    const middleware: Middleware[] = [httpMetrics(registry)];
    if (role !== 'capture') {
      const query = await startQueryRole(cfg, { client, log });
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
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (sig: string) => {
      if (stopping) {
        log.warn(`${sig} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      log.info(`${sig}: stopping`);
      void shutdown().then(() => resolve(0));
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
}
