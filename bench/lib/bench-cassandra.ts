// The Cassandra a bench runs against: its own folder and ports, started if needed, so a
// bench never touches `npm start`'s node or the test node. One node (CQL 9342, 4 GB heap)
// or a ring of N nodes on 127.0.0.1..N (CQL 9352, 3 GB heap each) with RF min(3, N).
import { projectRoot } from '../../src/util/project-root.js';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { defaultConfig } from '../../src/config/fields.js';
import type { CassandraConfig, LocalCassandraConfig } from '../../src/config/types.js';
import { createLogger } from '../../src/log/logger.js';
import { startLocal, runningPid } from '../../cluster/local-cluster.js';
import { localNodes } from '../../cluster/node-files.js';

const root = projectRoot(import.meta.dirname);

/** Local-node settings of the one-node bench Cassandra (4 GB heap: it is the thing under load). */
export const BENCH_LOCAL: LocalCassandraConfig = {
  ...defaultConfig().local,
  dir: join(root, '.siptrail', 'bench'),
  libDir: join(root, '.siptrail', 'lib'),
  cqlPort: 9342,
  storagePort: 7300,
  jmxPortBase: 7499,
  heapMb: 4096,
};

/** Local settings of an N-node bench ring (its own folder and ports, apart from the one-node bench). */
export function benchRing(nodes: number): LocalCassandraConfig {
  if (nodes === 1) return BENCH_LOCAL;
  return { ...BENCH_LOCAL, nodes, dir: join(root, '.siptrail', `bench-ring${nodes}`), cqlPort: 9352, storagePort: 7310, jmxPortBase: 7509, heapMb: 3072 };
}

/** A started bench Cassandra: node PIDs, contact points and a config for keyspace `ks`. */
export interface BenchCassandra {
  pids: number[];
  contact: string;
  cfg: CassandraConfig;
  /** The data folders of the nodes (sstables; the commit log is beside them). */
  dataDirs: string[];
}

/** Starts the bench node (or ring of `nodes`) unless running; replication is RF min(3, nodes). */
export async function benchCassandra(ks: string, nodes = 1): Promise<BenchCassandra> {
  const local = benchRing(nodes);
  await startLocal(local, createLogger({ level: 'warn', format: 'pretty' }));
  const all = localNodes(local);
  const contact = all.map((n) => `${n.address}:${n.cqlPort}`).join(',');
  const base = defaultConfig().cassandra;
  const replication = nodes === 1 ? { replication: 'simple' as const, replicationFactor: 1 } : { replication: 'network' as const, replicationFactor: Math.min(3, nodes) };
  return {
    pids: all.map((n) => runningPid(n) ?? 0),
    contact,
    dataDirs: all.map((n) => join(n.dir, 'data')),
    cfg: { ...base, ...replication, mode: 'external', contactPoints: contact.split(','), keyspace: ks },
  };
}

/** The command that stops a bench Cassandra of `nodes` nodes. */
export function benchStopCommand(nodes: number): string {
  const l = benchRing(nodes);
  return `npm run siptrail -- cassandra stop --local.dir=${l.dir.slice(root.length + 1)} --local.cql-port=${l.cqlPort}`;
}

/**
 * COUNT(*) of a table over 1,024 token ranges, 8 at a time, each retried on a timeout: a
 * single COUNT(*), or a few big ones at once, time out on millions of rows. Read at
 * QUORUM: writes are at QUORUM, and with RF 3 a single replica may still be missing rows
 * that were hinted to it (a LOCAL_ONE count on a busy ring came out 54 rows short).
 */
export async function countRows(client: cassandra.Client, table: string, key: string): Promise<number> {
  const parts = 1024;
  const min = -(2n ** 63n);
  const step = 2n ** 64n / BigInt(parts);
  let total = 0;
  let next = 0;
  const one = async (i: number): Promise<number> => {
    const lo = min + step * BigInt(i);
    const hi = i === parts - 1 ? 2n ** 63n - 1n : lo + step;
    const first = i === 0 ? `token(${key}) >= ?` : `token(${key}) > ?`;
    for (let attempt = 1; ; attempt++) {
      try {
        const rs = await client.execute(`SELECT COUNT(*) AS n FROM ${table} WHERE ${first} AND token(${key}) <= ?`, [lo, hi], { prepare: true, readTimeout: 120_000, consistency: cassandra.types.consistencies.quorum });
        return Number(rs.first().get('n'));
      } catch (err) {
        if (attempt >= 6) throw err;
        await new Promise((r) => setTimeout(r, 2000 * attempt));
      }
    }
  };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < parts) {
        const n = await one(next++);
        total += n;
      }
    }),
  );
  return total;
}
