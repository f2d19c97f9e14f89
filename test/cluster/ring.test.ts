// A 3-node local ring driven through the CLI as a user would: start --nodes 3, status
// shows 3 up, the schema with NetworkTopologyStrategy RF 3 applies, a row written at
// QUORUM reads back, stop stops exactly those nodes. Run by `npm run test:cluster`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/fields.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { CassandraMessageWriter } from '../../src/store/cassandra/writer.js';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { makeRow } from '../support/rows.js';
import { siptrailCli } from '../support/processes.js';
import { callFlow } from '../support/call-flows.js';
import { ADMIN_PASSWORD, ApiClient, startTestQuery } from '../support/query-node.js';
import type { CallFlow, SearchResponse } from '../../web/src/types.js';
import { existsSync, readFileSync } from 'node:fs';

const root = join(import.meta.dirname, '..', '..');
const DIR = join(root, '.siptrail', 'cluster-test');
// Own folder and ports, apart from `npm start` (9042) and the integration tests (9142).
const LOCAL = ['--nodes', '3', `--local.dir=${DIR}`, `--local.lib-dir=${join(root, '.siptrail', 'lib')}`, '--local.cql-port=9242', '--local.storage-port=7200', '--local.jmx-port-base=7399', '--local.heap-mb=768'];
const SCHEMA = ['--cassandra.replication=network', '--cassandra.replication-factor=3', '--cassandra.keyspace=ring_test'];

const cli = siptrailCli;

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
    for (const n of [1, 2, 3]) {
      const pid = Number(readFileSync(join(DIR, 'nodes', `node${n}`, 'pid'), 'utf8'));
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      assert.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /CassandraDaemon/, 'the PID kept is the JVM itself, not a wrapper');
      assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]), 10, `node${n} runs at local.nice 10, behind the UDP receivers`);
      if (existsSync(`/proc/${pid}/autogroup`)) assert.match(readFileSync(`/proc/${pid}/autogroup`, 'utf8'), /nice 10/, 'its scheduling group is nice as well');
    }
  });

  test('the schema with NetworkTopologyStrategy RF 3 applies, and a QUORUM write reads back from the ring', async () => {
    const mig = await cli(['migrate', ...LOCAL, ...SCHEMA]);
    assert.equal(mig.code, 0, mig.out);
    const cfg = defaultConfig();
    cfg.cassandra = { ...cfg.cassandra, mode: 'external', contactPoints: ['127.0.0.1:9242', '127.0.0.2:9242', '127.0.0.3:9242'], keyspace: 'ring_test' };
    const client = await connectCassandra(cfg.cassandra, 'ring_test');
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

  test('with one node killed, search and call flow still answer through a query node; the node rejoins', async () => {
    const cfg = defaultConfig();
    cfg.cassandra = { ...cfg.cassandra, mode: 'external', contactPoints: ['127.0.0.1:9242', '127.0.0.2:9242', '127.0.0.3:9242'], keyspace: 'ring_test', readConsistency: 'LOCAL_ONE' };
    const client = await connectCassandra(cfg.cassandra, 'ring_test');
    const t0 = 1_763_974_800_000_000n;
    const flow = callFlow({ callId: 'ha-call@ring', from: '+4930777', to: '0211777', t0 });
    await new CassandraMessageWriter(client, { consistency: 'QUORUM' }).write(flow.map((m, i) => makeRow({ callId: 'ha-call@ring', ts: m.tsMicros, toUser: '0211777', payload: Buffer.from(m.sip), method: i === 0 ? 'INVITE' : null })));
    const q = await startTestQuery(cfg, client);
    try {
      const api = new ApiClient(q.base);
      assert.equal((await api.login('admin', ADMIN_PASSWORD)).status, 200);
      const pid = Number(readFileSync(join(DIR, 'nodes', 'node3', 'pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 2000));
      const found = await api.call<SearchResponse>('POST', '/api/v1/search', { from: '2025-11-24T09:00:00Z', to: '2025-11-24T10:00:00Z', fields: { toUser: '0211777' } });
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.equal(found.body.messages.length, 7);
      const call = await api.call<CallFlow>('GET', `/api/v1/calls/ha-call@ring?at=${t0}`);
      assert.equal(call.status, 200);
      assert.equal(call.body.messages.length, 7);
      const down = await cli(['cassandra', 'status', ...LOCAL]);
      assert.match(down.out, /2\/3 up/);
      const again = await cli(['cassandra', 'start', ...LOCAL]);
      assert.equal(again.code, 0, again.out);
      assert.match(again.out, /3\/3 up/);
    } finally {
      await q.http.close();
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
