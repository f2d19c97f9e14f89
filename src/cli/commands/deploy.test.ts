import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultConfig } from '../../config/fields.js';
import { writeLayout } from '../../../cluster/deploy-state.js';
import { DEFAULT_SPEC } from '../../../cluster/deploy-plan.js';
import { noRestarts, withExit, withRestart } from '../../../cluster/restarts-file.js';
import type { DeploymentStatus } from '../../../cluster/deployment.js';
import { specFromFlags, statusLines, takeDeployFlags } from './deploy.js';
import { UsageError } from './usage-error.js';

const tmp = mkdtempSync(join(tmpdir(), 'siptrail-deploy-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('deploy flags', () => {
  test('takes its own flags out and leaves configuration keys for the config loader', () => {
    const flags: Record<string, string> = { 'cassandra-nodes': '3', capture: '2', 'deploy.dir': '/d', 'log.level': 'warn', 'http-port': '18180', 'no-supervise': 'true' };
    const own = takeDeployFlags(flags);
    assert.deepEqual(own, { 'cassandra-nodes': '3', capture: '2', 'deploy.dir': '/d', 'http-port': '18180', 'no-supervise': 'true' });
    assert.deepEqual(flags, { 'log.level': 'warn' });
  });

  test('refuses unknown flags and the ring keys it replaces, in one line', () => {
    assert.throws(() => takeDeployFlags({ 'cassandra-node': '3' }), (e: Error) => e instanceof UsageError && /unknown flag --cassandra-node; allowed: --cassandra-nodes/.test(e.message));
    assert.throws(() => takeDeployFlags({ 'local.cql-port': '1' }), /--local.cql-port is not used here; use --cql-port/);
  });

  test('defaults, flags on top; out-of-range values named with what is allowed', () => {
    const cfg = defaultConfig();
    const spec = specFromFlags({ 'deploy.dir': join(tmp, 'new'), capture: '2', 'cql-port': '9252', keyspace: 'dep_ks' }, cfg);
    assert.equal(spec.supervise, undefined, 'supervised unless asked otherwise');
    assert.equal(specFromFlags({ 'no-supervise': 'true' }, cfg).supervise, false);
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
  const restarted = withRestart(withExit(noRestarts(), { at: '2025-11-23T14:02:11.000Z', pid: 9, reason: 'killed by SIGKILL', log: [] }), '2025-11-23T14:02:13.400Z');
  const supervisor = { address: '127.0.3.1', httpPort: 8080, url: 'http://127.0.3.1:8080', pid: 12, up: true, detail: '/health 200' };

  test('one line per node (with its restarts), the supervisor and each process, UP or DOWN and why, then the count', () => {
    const s = {
      dir: '/d', spec: { ...DEFAULT_SPEC, dir: '/d' }, up: false, supervisor,
      cassandra: [{ index: 1, address: '127.0.0.1', cqlPort: 9042, pid: 10, up: true, restarts: restarted }],
      processes: [
        { role: 'capture', index: 1, name: 'capture-1', address: '127.0.1.1', hepPort: 9060, httpPort: 8080, url: 'http://127.0.1.1:8080', pid: 11, dir: '/d/capture-1', up: true, detail: '/health 200' },
        { role: 'query', index: 1, name: 'query-1', address: '127.0.2.1', httpPort: 8080, url: 'http://127.0.2.1:8080', pid: null, dir: '/d/query-1', up: false, detail: 'not running' },
      ],
    } satisfies DeploymentStatus;
    const lines = statusLines(s).trimEnd().split('\n');
    assert.match(lines[0]!, /^cassandra\s+1\s+127\.0\.0\.1 cql 9042\s+pid 10\s+UP  restarts 1 \(last 2025-11-23T14:02:13Z: killed by SIGKILL\)$/);
    assert.match(lines[1]!, /^supervisor 1\s+127\.0\.3\.1 http 8080\s+pid 12\s+UP$/);
    assert.match(lines[2]!, /^capture\s+1\s+127\.0\.1\.1 hep 9060 http 8080\s+pid 11\s+UP$/);
    assert.match(lines[3]!, /^query\s+1\s+127\.0\.2\.1 http 8080\s+-\s+DOWN \(not running\)$/);
    assert.equal(lines[4], '3/4 up (/d)');
  });

  test('a node the supervisor gave up on says so; an unsupervised deployment says it is', () => {
    const gaveUp = { ...restarted, gaveUp: { at: '2025-11-23T14:10:00.000Z', why: '6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min)' } };
    const s = {
      dir: '/d', spec: { ...DEFAULT_SPEC, dir: '/d', supervise: false }, up: false, supervisor: null, processes: [],
      cassandra: [{ index: 2, address: '127.0.0.2', cqlPort: 9042, pid: null, up: false, restarts: gaveUp }],
    } satisfies DeploymentStatus;
    const lines = statusLines(s).trimEnd().split('\n');
    assert.match(lines[0]!, /^cassandra\s+2\s+127\.0\.0\.2 cql 9042\s+-\s+DOWN \(not running\)  restarts 1 \(last [^)]+\); gave up 2025-11-23T14:10:00Z after 6 exits in 7 min 40 s/);
    assert.equal(lines[1], '0/1 up (/d), not supervised (--no-supervise)');
  });
});
