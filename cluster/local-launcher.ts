// The Launcher the command line is given (src/cli/launcher.ts): the local ring of
// cluster/local-cluster.ts, its contact points and heap, and `siptrail all`'s supervision.
import type { LocalCassandraConfig } from '../src/config/types.js';
import type { Launcher, SupervisedRing } from '../src/cli/launcher.js';
import { existingRing, runningPid, startLocal, stopLocal } from './local-cluster.js';
import { memoryPlan } from './memory-plan.js';
import { localNodes } from './node-files.js';
import { CassandraSupervisor } from './supervisor.js';

/** CQL `host:port` of every node of the local ring (the one already made in local.dir, else the configured one). */
export function ringContactPoints(local: LocalCassandraConfig): string[] {
  return localNodes(existingRing(local)).map((n) => `${n.address}:${n.cqlPort}`);
}

/** Runs Cassandra on this machine: local.nodes JVMs on 127.0.0.1..N. */
export const localLauncher: Launcher = {
  contactPoints: ringContactPoints,
  heapMb: (local) => memoryPlan(existingRing(local)).heapMb,
  async startSupervised(local, { log, registry }): Promise<SupervisedRing | null> {
    // Made before the first start: only the parent learns a JVM's exit status.
    const supervisor = new CassandraSupervisor(local, { log, registry });
    const started = await startLocal(local, log, { onSpawn: supervisor.onSpawn });
    if (started.length === 0) {
      log.info('the local Cassandra was running already (started by another command): this process does not supervise it ("siptrail cassandra supervise" does)');
      return null;
    }
    supervisor.watch(localNodes(existingRing(local)).filter((n) => started.includes(runningPid(n) ?? -1)).map((n) => n.index));
    return {
      supervisor,
      // Supervision ends before the nodes stop, so Ctrl-C restarts nothing.
      close: async () => {
        try {
          await supervisor.close();
        } finally {
          await stopLocal(local, log, supervisor.pids());
        }
      },
    };
  },
};
