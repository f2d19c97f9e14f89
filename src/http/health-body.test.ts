import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SupervisedNodeView } from '../query/status-body.js';
import { nodeLine, storageHealth } from './health-body.js';

const down = { up: false, downSince: '2025-11-23T13:02:11.120Z', reason: 'cassandra unreachable: All host(s) tried for query failed', checkedAt: '2025-11-23T13:02:20.000Z' };
const node = (over: Partial<SupervisedNodeView>): SupervisedNodeView => ({ node: 1, state: 'running', pid: 4242, restarts: 0, lastExit: null, gaveUp: null, ...over });

test('storage up: ok, whatever the supervisor did before', () => {
  assert.deepEqual(storageHealth({ up: true, downSince: null, reason: null, checkedAt: null }, [node({ restarts: 3 })]), { ok: true });
});

test('storage down without a supervisor (external Cassandra): since when and why', () => {
  assert.deepEqual(storageHealth(down, null), { ok: false, reason: 'storage: down since 2025-11-23T13:02:11.120Z (cassandra unreachable: All host(s) tried for query failed)' });
});

test('storage down with a supervisor: one line per node saying what it does about it', () => {
  const h = storageHealth(down, [node({ state: 'restarting', pid: null, restarts: 1, lastExit: 'killed by SIGKILL' }), node({ node: 2, state: 'waiting', pid: null, lastExit: 'exit code 3: java.lang.OutOfMemoryError: Java heap space' })]);
  assert.equal(h.ok, false);
  assert.deepEqual(h.reason.split('\n'), [
    'storage: down since 2025-11-23T13:02:11.120Z (cassandra unreachable: All host(s) tried for query failed)',
    'cassandra node 1: restarting; 1 restart by this process; last exit: killed by SIGKILL',
    'cassandra node 2: waiting to be restarted; 0 restarts by this process; last exit: exit code 3: java.lang.OutOfMemoryError: Java heap space',
  ]);
});

test('a node the crash-loop policy gave up on says so, and why', () => {
  assert.equal(
    nodeLine(node({ state: 'gave-up', pid: null, restarts: 5, lastExit: 'exit code 3', gaveUp: '6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min); last exit: exit code 3' })),
    'cassandra node 1: NOT restarted any more; 5 restarts by this process; gave up after 6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min); last exit: exit code 3',
  );
  assert.equal(nodeLine(node({ state: 'stopped', pid: null })), 'cassandra node 1: stopped on purpose, not restarted; 0 restarts by this process');
  assert.equal(nodeLine(node({})), 'cassandra node 1: running (pid 4242); 0 restarts by this process');
});
