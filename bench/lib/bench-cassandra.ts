// The Cassandra a bench runs against: its own folder and ports (CQL 9342), started if
// needed, so a bench never touches `npm start`'s node or the test node.
import { projectRoot } from '../../src/util/project-root.js';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { defaultConfig } from '../../src/config/fields.js';
import type { CassandraConfig, LocalCassandraConfig } from '../../src/config/types.js';
import { createLogger } from '../../src/log/logger.js';
import { startLocal, runningPid } from '../../cluster/local-cluster.js';
import { localNodes } from '../../cluster/node-files.js';

const root = projectRoot(import.meta.dirname);

/** Local-node settings of the bench Cassandra (4 GB heap: it is the thing under load). */
export const BENCH_LOCAL: LocalCassandraConfig = {
  ...defaultConfig().local,
  dir: join(root, '.siptrail', 'bench'),
  libDir: join(root, '.siptrail', 'lib'),
  cqlPort: 9342,
  storagePort: 7300,
  jmxPortBase: 7499,
  heapMb: 4096,
};

/** Starts the bench node unless running; returns its PID and a Cassandra config for keyspace `ks`. */
export async function benchCassandra(ks: string): Promise<{ pid: number; cfg: CassandraConfig; contact: string }> {
  await startLocal(BENCH_LOCAL, createLogger({ level: 'warn', format: 'pretty' }));
  const node = localNodes(BENCH_LOCAL)[0]!;
  const contact = `${node.address}:${node.cqlPort}`;
  return { pid: runningPid(node) ?? 0, contact, cfg: { ...defaultConfig().cassandra, mode: 'external', contactPoints: [contact], keyspace: ks } };
}

/** COUNT(*) of a table over 64 token ranges in parallel (a single COUNT(*) would time out). */
export async function countRows(client: cassandra.Client, table: string, key: string): Promise<number> {
  const parts = 64;
  const min = -(2n ** 63n);
  const step = 2n ** 64n / BigInt(parts);
  let total = 0;
  await Promise.all(
    Array.from({ length: parts }, async (_, i) => {
      const lo = min + step * BigInt(i);
      const hi = i === parts - 1 ? 2n ** 63n - 1n : lo + step;
      const first = i === 0 ? `token(${key}) >= ?` : `token(${key}) > ?`;
      const rs = await client.execute(`SELECT COUNT(*) AS n FROM ${table} WHERE ${first} AND token(${key}) <= ?`, [lo, hi], { prepare: true, readTimeout: 120_000 });
      total += Number(rs.first()!.get('n'));
    }),
  );
  return total;
}
