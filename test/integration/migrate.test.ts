// The schema migrator against a real Cassandra: idempotent, versions on top, retention.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { migrate, TTL_TABLES } from '../../src/migrate/migrate.js';
import { CQL_DIR, readSchemaFiles } from '../../src/migrate/files.js';
import { silentLogger } from '../../src/log/logger.js';
import { testConfig } from '../support/test-cassandra.js';

async function schema(client: cassandra.Client, ks: string) {
  const tables = await client.execute('SELECT table_name, default_time_to_live FROM system_schema.tables WHERE keyspace_name = ?', [ks], { prepare: true });
  const indexes = await client.execute('SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?', [ks], { prepare: true });
  return {
    tables: tables.rows.map((r) => `${r.get('table_name')}:${r.get('default_time_to_live')}`).sort(),
    indexes: indexes.rows.map((r) => r.get('index_name') as string).sort(),
  };
}

const versions = readSchemaFiles().map((f) => f.version);
const latest = Math.max(...versions);
const next = latest + 1;

describe('schema migrator', () => {
  const cfg = testConfig('mig');
  let client: cassandra.Client;
  const tmp = mkdtempSync(join(tmpdir(), 'siptrail-cql-'));
  before(async () => {
    client = await connectCassandra(cfg.cassandra);
  });
  after(async () => {
    await client.execute(`DROP KEYSPACE IF EXISTS ${cfg.cassandra.keyspace}`);
    await client.shutdown();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('first run creates the keyspace, tables, SAI indexes and records every version', async () => {
    const res = await migrate(client, cfg.cassandra, silentLogger());
    assert.deepEqual(res.applied, versions);
    assert.equal(res.current, latest);
    const s = await schema(client, cfg.cassandra.keyspace);
    for (const t of TTL_TABLES) assert.ok(s.tables.includes(`${t}:${14 * 86400}`), `${t} with 14-day TTL in ${s.tables.join(',')}`);
    assert.ok(s.indexes.includes('mbt_from_user'));
    const ks = await client.execute('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', [cfg.cassandra.keyspace], { prepare: true });
    assert.match(String((ks.rows[0]?.get('replication') as { class?: string } | undefined)?.class), /SimpleStrategy/);
  });

  test('a second run applies nothing and changes nothing', async () => {
    const before = await schema(client, cfg.cassandra.keyspace);
    const res = await migrate(client, cfg.cassandra, silentLogger());
    assert.deepEqual(res.applied, []);
    assert.equal(res.current, latest);
    assert.deepEqual(await schema(client, cfg.cassandra.keyspace), before);
  });

  test('a new version file is applied on top, once', async () => {
    cpSync(CQL_DIR, tmp, { recursive: true });
    writeFileSync(join(tmp, `${String(next).padStart(3, '0')}-notes.cql`), '-- a test version\nCREATE TABLE IF NOT EXISTS ${keyspace}.notes (id int PRIMARY KEY, text text);\n');
    const res = await migrate(client, cfg.cassandra, silentLogger(), tmp);
    assert.deepEqual(res.applied, [next]);
    assert.deepEqual((await migrate(client, cfg.cassandra, silentLogger(), tmp)).applied, []);
    const rs = await client.execute(`SELECT version, name FROM ${cfg.cassandra.keyspace}.schema_migrations`);
    assert.deepEqual(rs.rows.map((r) => `${r.get('version')}:${r.get('name')}`).sort(), [...readSchemaFiles().map((f) => `${f.version}:${f.name}`), `${next}:notes`].sort());
  });

  test('a changed retention is applied to every TTL table', async () => {
    await migrate(client, { ...cfg.cassandra, retentionDays: 3 }, silentLogger(), tmp);
    const s = await schema(client, cfg.cassandra.keyspace);
    for (const t of TTL_TABLES) assert.ok(s.tables.includes(`${t}:${3 * 86400}`), `${t} with 3-day TTL in ${s.tables.join(',')}`);
  });
});
