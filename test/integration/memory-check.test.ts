// The start-time memory check against the real test Cassandra: it reads what the node
// exposes (system_views) and finds nothing dangerous in the settings siptrail writes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type cassandra from 'cassandra-driver';
import { memoryWarnings } from '../../src/store/cassandra/memory-checks.js';
import { readNodeMemory } from '../../src/store/cassandra/node-settings.js';
import { checkCassandraMemory } from '../../src/cli/commands/memory-check.js';
import { memoryPlan } from '../../cluster/memory-plan.js';
import { silentLogger } from '../../src/log/logger.js';
import { testKeyspace, TEST_LOCAL } from '../support/test-cassandra.js';

describe('Cassandra memory check at start', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let client: cassandra.Client;
  before(async () => {
    ks = await testKeyspace('mem');
    client = ks.client;
  });
  after(async () => ks.drop());

  test('reads the SAI buffer, memtable space and data size the node reports', async () => {
    const plan = memoryPlan(TEST_LOCAL);
    const [r, ...more] = await readNodeMemory(client, ks.cfg.cassandra.keyspace, () => plan.heapMb);
    assert.equal(more.length, 0);
    assert.equal(r!.node, `127.0.0.1:${TEST_LOCAL.cqlPort}`);
    // What siptrail wrote into the node's cassandra.yaml (memtable space: an eighth of the heap).
    assert.equal(r!.saiSegmentBufferMiB, plan.saiSegmentBufferMb);
    assert.equal(r!.memtableHeapSpaceMiB, plan.memtableSpaceMb);
    assert.ok(r!.dataMiB >= 0);
    assert.deepEqual(memoryWarnings(r!), []);
    // The same reading with Cassandra's stock buffer is flagged.
    assert.equal(memoryWarnings({ ...r!, saiSegmentBufferMiB: 1024, heapMiB: null }).length, 1);
  });

  test('the role-level check logs and returns no warning for siptrail\'s own settings', async () => {
    const cfg = { ...ks.cfg, cassandra: { ...ks.cfg.cassandra, mode: 'external' as const } };
    assert.deepEqual(await checkCassandraMemory(client, cfg, silentLogger(), null), []);
  });
});
