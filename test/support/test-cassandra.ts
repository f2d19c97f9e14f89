// The Cassandra the test run starts: its own folder and ports, so that it never meets
// a developer's `npm start` node (9042) or a local 3-node ring.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { defaultConfig } from '../../src/config/fields.js';
import type { CassandraConfig, Config, LocalCassandraConfig } from '../../src/config/types.js';
import { connectCassandra, retryWhile } from '../../src/store/cassandra/client.js';
import { migrate } from '../../src/migrate/migrate.js';
import { silentLogger } from '../../src/log/logger.js';

const root = join(import.meta.dirname, '..', '..');

/** Local-node settings of the test Cassandra. */
export const TEST_LOCAL: LocalCassandraConfig = {
  ...defaultConfig().local,
  dir: join(root, '.siptrail', 'test'),
  libDir: join(root, '.siptrail', 'lib'),
  cqlPort: 9142,
  storagePort: 7100,
  jmxPortBase: 7299,
  heapMb: 1024,
};

/**
 * The local Cassandra of the storage-outage browser suite (test/browser/storage-outage.test.ts):
 * a `siptrail all` there starts and supervises it, and the suite kills it. Its own folder and
 * ports, apart from the test Cassandra above (9142), `npm start` (9042) and the cluster suites.
 */
export const OUTAGE_LOCAL: LocalCassandraConfig = {
  ...TEST_LOCAL,
  dir: join(root, '.siptrail', 'outage-test'),
  cqlPort: 9162,
  storagePort: 7120,
  jmxPortBase: 7319,
  heapMb: 768,
};

/** Where that suite keeps the PID of its `siptrail all`, so the harness can stop it after a failed run. */
export const OUTAGE_ALL_PID = join(OUTAGE_LOCAL.dir, 'siptrail-all.pid');

/** The argument that marks that `siptrail all` on its command line. */
export const OUTAGE_MARKER = `--local.dir=${OUTAGE_LOCAL.dir}`;

/** A config pointing at the test Cassandra with a fresh, unique keyspace name. */
export function testConfig(prefix = 't'): Config {
  const cfg = defaultConfig();
  const cql = process.env.SIPTRAIL_TEST_CQL;
  if (!cql) throw new Error('SIPTRAIL_TEST_CQL is not set: run integration tests through `npm test`, which starts Cassandra');
  cfg.cassandra = { ...cfg.cassandra, mode: 'external', contactPoints: [cql], keyspace: `${prefix}_${randomBytes(5).toString('hex')}`, connectTimeoutMs: 20_000 };
  cfg.local = TEST_LOCAL;
  return cfg;
}

/** A migrated throw-away keyspace and a client bound to it; `drop()` removes it. */
export async function testKeyspace(prefix = 't'): Promise<{ cfg: Config; client: cassandra.Client; drop: () => Promise<void> }> {
  const cfg = testConfig(prefix);
  const admin = await connectCassandra(cfg.cassandra);
  await migrate(admin, cfg.cassandra, silentLogger());
  const client = await connectCassandra(cfg.cassandra, cfg.cassandra.keyspace);
  return {
    cfg,
    client,
    drop: async () => {
      await client.shutdown();
      // After a suite restarts Cassandra (the outage test), this idle client may not have
      // reconnected yet: the driver then answers NoHostAvailable at once. Retry for about 60 s.
      const noHost = (err: unknown) => err instanceof Error && err.name === 'NoHostAvailableError';
      await retryWhile(() => admin.execute(`DROP KEYSPACE IF EXISTS ${cfg.cassandra.keyspace}`), noHost, 60, 1000);
      await admin.shutdown();
    },
  };
}

/** Only the Cassandra section, for tests that connect themselves. */
export function testCassandra(): CassandraConfig {
  return testConfig().cassandra;
}
