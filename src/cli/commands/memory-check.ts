// At start, each Cassandra node's memory settings as it reports them, and a warning
// where they are known to be dangerous for siptrail's tables (store/cassandra/memory-checks.ts).
import type cassandra from 'cassandra-driver';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { memoryWarnings } from '../../store/cassandra/memory-checks.js';
import { readNodeMemory } from '../../store/cassandra/node-settings.js';

/**
 * Logs one line per node and every warning; returns the warnings (never throws). The heap
 * is known only for the local nodes siptrail starts itself: `localHeapMb` is theirs (the
 * contact points are then exactly those nodes), null for a cluster run by someone else.
 */
export async function checkCassandraMemory(client: cassandra.Client, cfg: Config, log: Logger, localHeapMb: number | null): Promise<string[]> {
  try {
    const local = localHeapMb === null ? new Set<string>() : new Set(cfg.cassandra.contactPoints);
    const heap = local.size ? localHeapMb : null;
    const readings = await readNodeMemory(client, cfg.cassandra.keyspace, (address) => (local.has(address) ? heap : null));
    const warnings: string[] = [];
    for (const r of readings) {
      log.info(`Cassandra ${r.node}: heap ${r.heapMiB === null ? 'not known here' : `${r.heapMiB} MiB`}, memtable_heap_space ${r.memtableHeapSpaceMiB ?? '?'} MiB, sai_options.segment_write_buffer_size ${r.saiSegmentBufferMiB ?? '?'} MiB, ${Math.round(r.dataMiB)} MiB of ${cfg.cassandra.keyspace} on disk`);
      for (const w of memoryWarnings(r)) {
        log.warn(w);
        warnings.push(w);
      }
    }
    return warnings;
  } catch (err) {
    log.warn(`could not read the Cassandra nodes' memory settings: ${(err as Error).message}`);
    return [];
  }
}
