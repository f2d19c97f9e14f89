// The health check every long-running role runs against Cassandra (through the storage
// monitor, src/http/storage-monitor.ts): a trivial query answered within two seconds.
import type cassandra from 'cassandra-driver';
import type { HealthCheck } from '../health.js';

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
