// Applies the schema: creates the keyspace with the configured replication, then every
// cql/ version not yet recorded in schema_migrations, in order; then sets the retention
// TTL on every table, so a changed cassandra.retentionDays always applies. Re-running is
// a no-op. Statements are IF NOT EXISTS, so two nodes migrating at once do no harm.
import type cassandra from 'cassandra-driver';
import type { CassandraConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { readSchemaFiles, statements, CQL_DIR } from './files.js';

/** Outcome of a migration run. */
export interface MigrateResult {
  applied: number[];
  current: number;
}

/** Tables whose rows expire with the retention TTL. */
export const TTL_TABLES = ['messages', 'messages_by_time', 'search_rows', 'correlation'];

/** The replication map for CREATE KEYSPACE, from the config. */
export function replicationClause(cfg: CassandraConfig): string {
  return cfg.replication === 'simple'
    ? `{'class': 'SimpleStrategy', 'replication_factor': ${cfg.replicationFactor}}`
    : `{'class': 'NetworkTopologyStrategy', '${cfg.localDataCenter.replace(/'/g, "''")}': ${cfg.replicationFactor}}`;
}

/**
 * Runs a schema change and waits (up to a minute) until every node has it: the driver
 * waits 10 s, and a busy node can take longer, after which a read of the new table on
 * that node fails.
 */
async function ddl(client: cassandra.Client, stmt: string, log: Logger): Promise<void> {
  // Both exist in the driver, missing from its typings.
  const rs = await client.execute(stmt);
  if ((rs.info as { isSchemaInAgreement?: boolean }).isSchemaInAgreement !== false) return;
  const metadata = client.metadata as unknown as { checkSchemaAgreement(): Promise<boolean> };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await metadata.checkSchemaAgreement()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  log.warn(`schema change not yet seen by every Cassandra node after 60 s: ${stmt.split('\n')[0]}`);
}

/** Brings the keyspace to the newest schema version in `dir`. */
export async function migrate(client: cassandra.Client, cfg: CassandraConfig, log: Logger, dir: string = CQL_DIR): Promise<MigrateResult> {
  const ks = cfg.keyspace;
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(ks)) throw new Error(`cassandra.keyspace: "${ks}" is not allowed; allowed: lower-case letters, digits, _ (max 48)`);
  const ttl = cfg.retentionDays * 86_400;
  const params = { keyspace: ks, ttl: String(ttl), gc_grace: '10800' };
  await ddl(client, `CREATE KEYSPACE IF NOT EXISTS ${ks} WITH replication = ${replicationClause(cfg)}`, log);
  await ddl(client, `CREATE TABLE IF NOT EXISTS ${ks}.schema_migrations (version int PRIMARY KEY, name text, checksum text, applied_at timestamp)`, log);
  const done = new Map<number, string>();
  const rs = await client.execute(`SELECT version, checksum FROM ${ks}.schema_migrations`);
  for (const r of rs.rows) done.set(r.get('version') as number, r.get('checksum') as string);

  const applied: number[] = [];
  let current = 0;
  for (const file of readSchemaFiles(dir)) {
    current = file.version;
    const seen = done.get(file.version);
    if (seen !== undefined) {
      if (seen !== file.checksum) log.warn(`schema version ${file.version} (${file.name}) changed after it was applied; changes go in a new version file`);
      continue;
    }
    log.info(`applying schema version ${file.version} (${file.name}) to keyspace ${ks}`);
    for (const stmt of statements(file.text, params)) await ddl(client, stmt, log);
    await client.execute(`INSERT INTO ${ks}.schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`, [file.version, file.name, file.checksum, new Date()], { prepare: true });
    applied.push(file.version);
  }
  await applyRetention(client, ks, ttl, log);
  return { applied, current };
}

async function applyRetention(client: cassandra.Client, ks: string, ttl: number, log: Logger): Promise<void> {
  const rs = await client.execute('SELECT table_name, default_time_to_live FROM system_schema.tables WHERE keyspace_name = ?', [ks], { prepare: true });
  for (const r of rs.rows) {
    const table = r.get('table_name') as string;
    if (!TTL_TABLES.includes(table) || r.get('default_time_to_live') === ttl) continue;
    log.info(`retention of ${ks}.${table}: ${r.get('default_time_to_live')}s -> ${ttl}s`);
    await ddl(client, `ALTER TABLE ${ks}.${table} WITH default_time_to_live = ${ttl}`, log);
  }
}
