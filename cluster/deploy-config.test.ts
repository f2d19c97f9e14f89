import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../src/config/load.js';
import { renderProcessYaml, renderSupervisorYaml } from './deploy-config.js';
import { ringConfig } from './deployment.js';
import { DEFAULT_SPEC, type DeploymentSpec } from './deploy-plan.js';

const tmp = mkdtempSync(join(tmpdir(), 'siptrail-deploy-config-'));
const spec: DeploymentSpec = { ...DEFAULT_SPEC, dir: '/srv/dep', cassandraNodes: 3, cqlPort: 9252, hepPort: 19160, httpPort: 18180, keyspace: 'dep_ks' };
const admin = { user: 'admin', password: 's3cret-pw' };

/** The config a process gets when it starts with `--config` on the rendered file. */
function loaded(yaml: string) {
  const file = join(tmp, 'siptrail.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ flags: { config: file } });
}

describe('renderProcessYaml', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('a capture node: its own loopback address for HEP and HTTP, location, spool, the ring as external contact points', () => {
    const cfg = loaded(renderProcessYaml(spec, 'capture', 2, admin));
    assert.equal(cfg.cassandra.mode, 'external');
    assert.deepEqual(cfg.cassandra.contactPoints, ['127.0.0.1:9252', '127.0.0.2:9252', '127.0.0.3:9252']);
    assert.equal(cfg.cassandra.keyspace, 'dep_ks');
    assert.equal(cfg.cassandra.replication, 'network');
    assert.equal(cfg.cassandra.replicationFactor, 3);
    assert.deepEqual(cfg.capture.hepUdp, ['127.0.1.2:19160']);
    assert.deepEqual(cfg.capture.hepTcp, ['127.0.1.2:19160']);
    assert.equal(cfg.capture.location, 'capture-2');
    assert.equal(cfg.capture.nodeName, 'capture-2');
    assert.equal(cfg.capture.spoolDir, '/srv/dep/capture-2/spool');
    assert.equal(cfg.http.listen, '127.0.1.2:18180');
    assert.equal(cfg.query.adminPassword, '', 'a capture node does not carry the admin password');
  });

  test('a query node: its HTTP address and the shared first admin', () => {
    const cfg = loaded(renderProcessYaml(spec, 'query', 1, admin));
    assert.equal(cfg.http.listen, '127.0.2.1:18180');
    assert.equal(cfg.query.adminUser, 'admin');
    assert.equal(cfg.query.adminPassword, 's3cret-pw');
    assert.equal(cfg.cassandra.keyspace, 'dep_ks');
  });

  test('starts with comments saying what the file is and what differs on a real host', () => {
    const text = renderProcessYaml({ ...spec, cassandraNodes: 1 }, 'query', 1, admin);
    assert.match(text, /^# siptrail query node 1 of the local deployment in \/srv\/dep\n/);
    assert.match(text, /# On a real host: /);
    assert.match(text, /1 node\(s\) on 127\.0\.0\.1, CQL port 9252/);
    assert.match(text, /replicationFactor: 1\n/);
  });

  test('the Cassandra supervisor: the ring exactly as deploy starts it, /health and /metrics on 127.0.3.1', () => {
    const ring = ringConfig({ ...spec, heapMb: 768, local: { libDir: '/srv/lib' } });
    const text = renderSupervisorYaml(spec, ring);
    assert.match(text, /^# siptrail Cassandra supervisor of the local deployment in \/srv\/dep\n/);
    const cfg = loaded(text);
    assert.deepEqual(cfg.local, ring);
    assert.equal(cfg.local.dir, '/srv/dep/cassandra');
    assert.equal(cfg.local.heapMb, 768);
    assert.equal(cfg.http.listen, '127.0.3.1:18180');
  });
});
