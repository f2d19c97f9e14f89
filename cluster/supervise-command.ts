// `siptrail cassandra supervise`: a process that only supervises the local ring's nodes
// (restart on an exit of its own, crash-loop policy, restarts.json), for nodes no
// `siptrail all` started: `siptrail deploy up` runs one per deployment. It serves /health
// (503 naming a node it gave up on) and /metrics (the restart counter) on http.listen, and
// leaves the nodes running when it stops.
import type { Config } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';
import { nodeLine } from '../src/http/health-body.js';
import { opsRouter } from '../src/http/ops-routes.js';
import { startHttp } from '../src/http/server.js';
import { createRegistry } from '../src/metrics/registry.js';
import { untilSignal } from '../src/cli/commands/until-signal.js';
import { existingRing } from './local-cluster.js';
import { localNodes } from './node-files.js';
import { CassandraSupervisor } from './supervisor.js';

/** Supervises every node of the configured local ring until SIGINT/SIGTERM; returns the exit code. */
export async function superviseCommand(cfg: Config, log: Logger): Promise<number> {
  const ring = existingRing(cfg.local);
  const registry = createRegistry('supervisor');
  const supervisor = new CassandraSupervisor(ring, { log, registry });
  supervisor.watch(localNodes(ring).map((n) => n.index));
  const health = () => {
    const lost = supervisor.state().filter((n) => n.state === 'gave-up');
    return Promise.resolve(lost.length === 0 ? { ok: true as const } : { ok: false as const, reason: lost.map(nodeLine).join('\n') });
  };
  const http = await startHttp(cfg.http.listen, [opsRouter(health, registry)], log).catch(async (err: unknown) => {
    await supervisor.close();
    throw err;
  });
  log.info(`supervising ${ring.nodes} local Cassandra node(s) in ${ring.dir}: a node that exits on its own is restarted, at most local.restartLimit ${ring.restartLimit} times within ${ring.restartWindowMin} min; /health and /metrics on ${cfg.http.listen}`);
  return untilSignal(log, async () => {
    await supervisor.close();
    await http.close();
    log.info('supervision ended; the Cassandra nodes keep running');
  });
}
