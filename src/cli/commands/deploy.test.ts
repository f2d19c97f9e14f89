import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultConfig } from '../../config/fields.js';
import { writeLayout } from '../../../cluster/deploy-state.js';
import { DEFAULT_SPEC } from '../../../cluster/deploy-plan.js';
import type { DeploymentStatus } from '../../../cluster/deployment.js';
import { specFromFlags, statusLines, takeDeployFlags } from './deploy.js';
import { UsageError } from './usage-error.js';

const tmp = mkdtempSync(join(tmpdir(), 'siptrail-deploy-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('deploy flags', () => {
  test('takes its own flags out and leaves configuration keys for the config loader', () => {
    const flags: Record<string, string> = { 'cassandra-nodes': '3', capture: '2', 'deploy.dir': '/d', 'log.level': 'warn', 'http-port': '18180' };
    const own = takeDeployFlags(flags);
    assert.deepEqual(own, { 'cassandra-nodes': '3', capture: '2', 'deploy.dir': '/d', 'http-port': '18180' });
    assert.deepEqual(flags, { 'log.level': 'warn' });
  });

  test('refuses unknown flags and the ring keys it replaces, in one line', () => {
    assert.throws(() => takeDeployFlags({ 'cassandra-node': '3' }), (e: Error) => e instanceof UsageError && /unknown flag --cassandra-node; allowed: --cassandra-nodes/.test(e.message));
    assert.throws(() => takeDeployFlags({ 'local.cql-port': '1' }), /--local.cql-port is not used here; use --cql-port/);
  });

  test('defaults, flags on top; out-of-range values named with what is allowed', () => {
    const cfg = defaultConfig();
    const spec = specFromFlags({ 'deploy.dir': join(tmp, 'new'), capture: '2', 'cql-port': '9252', keyspace: 'dep_ks' }, cfg);
    assert.equal(spec.capture, 2);
    assert.equal(spec.query, DEFAULT_SPEC.query);
    assert.equal(spec.cqlPort, 9252);
    assert.equal(spec.keyspace, 'dep_ks');
    assert.equal(spec.local?.libDir, join('.siptrail', 'lib'));
    assert.throws(() => specFromFlags({ 'cassandra-nodes': '0' }, cfg), /--cassandra-nodes: "0" is not allowed; allowed: an integer 1..9/);
    assert.throws(() => specFromFlags({ query: 'true' }, cfg), /--query: "true" is not allowed/);
    assert.throws(() => specFromFlags({ keyspace: 'A-b' }, cfg), /--keyspace: "A-b" is not allowed/);
  });

  test('an existing deployment keeps its recorded layout unless a flag says otherwise', () => {
    const dir = join(tmp, 'old');
    writeLayout({ ...DEFAULT_SPEC, dir, query: 2, httpPort: 18180 });
    const spec = specFromFlags({ 'deploy.dir': dir }, defaultConfig());
    assert.equal(spec.query, 2);
    assert.equal(spec.httpPort, 18180);
    assert.equal(spec.dir, resolve(dir));
  });
});

describe('statusLines', () => {
  test('one line per node and process with UP or DOWN and why, then the count', () => {
    const s = {
      dir: '/d', spec: { ...DEFAULT_SPEC, dir: '/d' }, up: false,
      cassandra: [{ index: 1, address: '127.0.0.1', cqlPort: 9042, pid: 10, up: true }],
      processes: [
        { role: 'capture', index: 1, name: 'capture-1', address: '127.0.1.1', hepPort: 9060, httpPort: 8080, url: 'http://127.0.1.1:8080', pid: 11, dir: '/d/capture-1', up: true, detail: '/health 200' },
        { role: 'query', index: 1, name: 'query-1', address: '127.0.2.1', httpPort: 8080, url: 'http://127.0.2.1:8080', pid: null, dir: '/d/query-1', up: false, detail: 'not running' },
      ],
    } satisfies DeploymentStatus;
    const lines = statusLines(s).trimEnd().split('\n');
    assert.match(lines[0]!, /^cassandra\s+1\s+127\.0\.0\.1 cql 9042\s+pid 10\s+UP$/);
    assert.match(lines[1]!, /^capture\s+1\s+127\.0\.1\.1 hep 9060 http 8080\s+pid 11\s+UP$/);
    assert.match(lines[2]!, /^query\s+1\s+127\.0\.2\.1 http 8080\s+-\s+DOWN \(not running\)$/);
    assert.equal(lines[3], '2/3 up (/d)');
  });
});
