// A 3-node local ring driven through the CLI as a user would: start --nodes 3, status
// shows 3 up, the schema with NetworkTopologyStrategy RF 3 applies, a row written at
// QUORUM reads back, stop stops exactly those nodes. Run by `npm run test:cluster`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/fields.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { CassandraMessageWriter } from '../../src/store/cassandra/writer.js';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { makeRow } from '../support/rows.js';

const root = join(import.meta.dirname, '..', '..');
const DIR = join(root, '.siptrail', 'cluster-test');
// Own folder and ports, apart from `npm start` (9042) and the integration tests (9142).
const LOCAL = ['--nodes', '3', `--local.dir=${DIR}`, `--local.lib-dir=${join(root, '.siptrail', 'lib')}`, '--local.cql-port=9242', '--local.storage-port=7200', '--local.jmx-port-base=7399', '--local.heap-mb=768'];
const SCHEMA = ['--cassandra.replication=network', '--cassandra.replication-factor=3', '--cassandra.keyspace=ring_test'];

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, out })));
}

describe('local 3-node ring', { timeout: 900_000 }, () => {
  after(async () => {
    await cli(['cassandra', 'stop', ...LOCAL]);
    await cli(['cassandra', 'wipe', ...LOCAL]);
  });

  test('cassandra start --nodes 3 brings up 127.0.0.1-3 and status reports 3 up', async () => {
    const start = await cli(['cassandra', 'start', ...LOCAL]);
    assert.equal(start.code, 0, start.out);
    const status = await cli(['cassandra', 'status', ...LOCAL]);
    assert.equal(status.code, 0, status.out);
    for (const n of [1, 2, 3]) assert.match(status.out, new RegExp(`node${n}\\s+127\\.0\\.0\\.${n}:9242\\s+UP`));
    assert.match(status.out, /3\/3 up/);
  });

  test('the schema with NetworkTopologyStrategy RF 3 applies, and a QUORUM write reads back from the ring', async () => {
    const mig = await cli(['migrate', ...LOCAL, ...SCHEMA]);
    assert.equal(mig.code, 0, mig.out);
    const cfg = defaultConfig();
    cfg.cassandra = { ...cfg.cassandra, mode: 'external', contactPoints: ['127.0.0.1:9242', '127.0.0.2:9242', '127.0.0.3:9242'], keyspace: 'ring_test' };
    const client = await connectCassandra(cfg.cassandra, cfg.local, 'ring_test');
    try {
      const peers = await client.execute('SELECT peer FROM system.peers');
      assert.equal(peers.rowLength, 2, 'node 1 sees two peers');
      const ks = await client.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'ring_test'");
      assert.deepEqual(ks.rows[0]!.get('replication'), { class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', datacenter1: '3' });
      const row = makeRow({ callId: 'ring-call' });
      await new CassandraMessageWriter(client, { consistency: 'QUORUM' }).write([row]);
      const got = await new CassandraMessageReader(client, 'ALL').getCall('2025-11-24', 'ring-call');
      assert.equal(got.length, 1, 'read at ALL: every replica has the row');
    } finally {
      await client.shutdown();
    }
  });

  test('stop stops the three nodes and status then reports them down', async () => {
    const stop = await cli(['cassandra', 'stop', ...LOCAL]);
    assert.equal(stop.code, 0, stop.out);
    const status = await cli(['cassandra', 'status', ...LOCAL]);
    assert.equal(status.code, 3);
    assert.match(status.out, /0\/3 up/);
  });
});
