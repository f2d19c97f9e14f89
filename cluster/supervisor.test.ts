// The supervisor's watch without Cassandra: a "node" here is a plain Node process whose
// command line names the node folder (what runningPid recognises), so exits, deliberate
// stops and a give-up can be driven in a second. Restarts start a real JVM and are tested
// with a real Cassandra in test/browser/storage-outage.test.ts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { defaultConfig } from '../src/config/fields.js';
import type { LocalCassandraConfig } from '../src/config/types.js';
import { silentLogger } from '../src/log/logger.js';
import { runningPid, stopLocal } from './local-cluster.js';
import { localNodes } from './node-files.js';
import { readRestarts } from './restarts-file.js';
import { CassandraSupervisor } from './supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'siptrail-supervisor-'));
const cfg: LocalCassandraConfig = { ...defaultConfig().local, dir, nodes: 1, restartLimit: 0 };
const node = localNodes(cfg)[0]!;
const children: ChildProcess[] = [];

/** A process runningPid takes for node 1's JVM. */
function fakeNode(): ChildProcess {
  mkdirSync(join(node.dir, 'logs'), { recursive: true });
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `-Dsiptrail.node=${node.dir}`], { stdio: 'ignore' });
  children.push(child);
  writeFileSync(join(node.dir, 'pid'), `${child.pid}\n`);
  return child;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !cond(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
  }
}

const value = async (registry: Registry, name: string) => (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.node === '1')?.value;

describe('CassandraSupervisor watching a node', () => {
  after(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('an exit on its own: the exit status and the log lines written since, in restarts.json; restartLimit 0 gives up at once', async () => {
    const first = fakeNode();
    writeFileSync(join(node.dir, 'stdout.log'), 'java.lang.OutOfMemoryError: from a life before the supervisor\n');
    await until(() => runningPid(node) === first.pid, 'the fake node to run');
    const registry = new Registry();
    const sup = new CassandraSupervisor(cfg, { log: silentLogger(), registry, pollMs: 20 });
    sup.onSpawn(node, first); // as if it had started it: it learns the exit status
    sup.watch([1]);
    assert.deepEqual(sup.state(), [{ node: 1, state: 'running', pid: first.pid, restarts: 0, lastExit: null, gaveUp: null }]);
    assert.deepEqual(sup.pids(), [first.pid]);
    appendFileSync(join(node.dir, 'stdout.log'), 'Terminating due to java.lang.OutOfMemoryError: Java heap space\n');
    first.kill('SIGKILL');
    await until(() => sup.state()[0]!.state === 'gave-up', 'the give-up');
    const [view] = sup.state();
    assert.equal(view!.lastExit, 'killed by SIGKILL: java.lang.OutOfMemoryError: Java heap space');
    assert.match(view!.gaveUp!, /^1 exit \(local\.restartLimit 0 restarts within local\.restartWindowMin 10 min\); last exit: killed by SIGKILL/);
    const record = readRestarts(node.dir);
    assert.equal(record.count, 0);
    assert.equal(record.lastExit?.pid, first.pid);
    assert.deepEqual(record.lastExit?.log, ['Terminating due to java.lang.OutOfMemoryError: Java heap space'], 'only what this life wrote');
    assert.match(record.gaveUp?.why ?? '', /^1 exit /);
    assert.equal(await value(registry, 'siptrail_local_cassandra_given_up'), 1);
    assert.equal(await value(registry, 'siptrail_local_cassandra_restarts_total'), 0);

    // Started again by hand ("siptrail cassandra start"): supervised afresh, the give-up cleared.
    const second = fakeNode();
    await until(() => sup.state()[0]!.state === 'running', 'the node taken back');
    assert.equal(sup.state()[0]!.pid, second.pid);
    assert.equal(readRestarts(node.dir).gaveUp, null);
    assert.equal(await value(registry, 'siptrail_local_cassandra_given_up'), 0);
    assert.deepEqual(sup.pids(), [], 'not started by this supervisor: Ctrl-C of siptrail all leaves it alone');
    await sup.close();
  });

  test('a deliberate stop (stopLocal marks the node first) is no exit: stopped, nothing recorded, no restart', async () => {
    rmSync(join(node.dir, 'restarts.json'), { force: true });
    const child = fakeNode();
    await until(() => runningPid(node) === child.pid, 'the fake node to run');
    const sup = new CassandraSupervisor({ ...cfg, restartLimit: 5 }, { log: silentLogger(), pollMs: 20 });
    sup.watch([1]);
    assert.equal(await stopLocal(cfg, silentLogger()), 1);
    await until(() => sup.state()[0]!.state === 'stopped', 'the stop seen');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sup.state()[0]!.state, 'stopped');
    assert.equal(sup.state()[0]!.lastExit, null);
    assert.equal(readRestarts(node.dir).lastExit, null);
    await sup.close();
  });
});
