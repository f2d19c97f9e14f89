import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { SECTIONS } from '../src/config/fields.js';
import { loadSections, type ConfigSources } from '../src/config/load.js';
import { writeLayout } from './deploy-state.js';
import { DEFAULT_SPEC } from './deploy-plan.js';
import { noRestarts, withExit, withRestart } from './restarts-file.js';
import type { DeploymentStatus } from './deployment.js';
import { specFromConfig, statusLines } from './deploy-command.js';
import { deploySection } from './deploy-section.js';

const tmp = mkdtempSync(join(tmpdir(), 'siptrail-deploy-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** What `siptrail <command>` loads from these flags. */
function load(flags: Record<string, string>, command = 'deploy', src: ConfigSources = {}) {
  return loadSections([...SECTIONS, deploySection], { ...src, flags, command });
}

/** The spec `deploy up` would run with these flags. */
function spec(flags: Record<string, string>) {
  const { config, explicit } = load(flags);
  return specFromConfig(config, config.deploy, explicit);
}

describe('deploy section', () => {
  test('its short flags set deploy keys next to configuration keys; --no-supervise turns supervision off', () => {
    const { config } = load({ 'cassandra-nodes': '3', capture: '2', 'deploy.dir': '/d', 'log.level': 'warn', 'http-port': '18180', 'no-supervise': 'true' });
    assert.equal(config.deploy.cassandraNodes, 3);
    assert.equal(config.deploy.capture, 2);
    assert.equal(config.deploy.dir, '/d');
    assert.equal(config.deploy.httpPort, 18180);
    assert.equal(config.deploy.supervise, false);
    assert.equal(config.log.level, 'warn');
    assert.equal(load({ 'no-supervise': 'false' }).config.deploy.supervise, true);
  });

  test('the long names and SIPTRAIL_DEPLOY_* work too', () => {
    assert.equal(load({ 'deploy.cql-port': '9252' }).config.deploy.cqlPort, 9252);
    assert.equal(load({}, 'deploy', { env: { SIPTRAIL_DEPLOY_QUERY: '2' } }).config.deploy.query, 2);
  });

  test('refuses unknown flags, naming the short ones, and the ring keys it replaces', () => {
    assert.throws(() => load({ 'cassandra-node': '3' }), /flag --cassandra-node: unknown option; allowed: .*--cassandra-nodes/);
    assert.throws(() => load({ 'local.cql-port': '1' }), /flag --local.cql-port: not used by "siptrail deploy"; use --deploy.cqlPort \(or --cql-port\)/);
    assert.throws(() => load({ nodes: '3' }), /flag --nodes: not used by "siptrail deploy"; use --deploy.cassandraNodes \(or --cassandra-nodes\)/);
    assert.throws(() => load({ 'cassandra.keyspace': 'k' }), /use --deploy.keyspace/);
  });

  test('its short flags mean nothing to the other commands; the ring keys are theirs again', () => {
    assert.throws(() => load({ capture: '2' }, 'all'), /flag --capture: unknown option/);
    assert.equal(load({ 'local.cql-port': '9300' }, 'cassandra').config.local.cqlPort, 9300);
    assert.equal(load({ nodes: '3' }, 'cassandra').config.local.nodes, 3);
  });

  test('out-of-range values are named with what is allowed', () => {
    assert.throws(() => load({ 'cassandra-nodes': '0' }), /flag --cassandra-nodes: deploy.cassandraNodes: "0" is not allowed; allowed: an integer 1..9/);
    assert.throws(() => load({ query: 'true' }), /flag --query: deploy.query: "true" is not allowed/);
    assert.throws(() => load({ keyspace: 'A-b' }), /flag --keyspace: deploy.keyspace: "A-b" is not allowed; allowed: lower-case letters, digits, _ \(max 48\)/);
    assert.throws(() => load({ signal: 'SIGHUP' }), /deploy.signal: "SIGHUP" is not allowed; allowed: SIGTERM, SIGKILL/);
  });

  test('its defaults are the default layout', () => {
    const d = load({}).config.deploy;
    for (const [k, v] of Object.entries(DEFAULT_SPEC)) assert.equal(d[k as keyof typeof d], v, k);
  });
});

describe('specFromConfig', () => {
  test('a new deployment: the defaults, keys set on top', () => {
    const s = spec({ 'deploy.dir': join(tmp, 'new'), capture: '2', 'cql-port': '9252', keyspace: 'dep_ks' });
    assert.equal(s.supervise, undefined, 'supervised unless asked otherwise');
    assert.equal(spec({ 'no-supervise': 'true' }).supervise, false);
    assert.equal(s.capture, 2);
    assert.equal(s.query, DEFAULT_SPEC.query);
    assert.equal(s.cqlPort, 9252);
    assert.equal(s.keyspace, 'dep_ks');
    assert.equal(s.local?.libDir, join('.siptrail', 'lib'));
  });

  test('an existing deployment keeps its recorded layout unless a key says otherwise', () => {
    const dir = join(tmp, 'old');
    writeLayout({ ...DEFAULT_SPEC, dir, query: 2, httpPort: 18180 });
    const s = spec({ 'deploy.dir': dir });
    assert.equal(s.query, 2);
    assert.equal(s.httpPort, 18180);
    assert.equal(s.dir, resolve(dir));
    assert.equal(spec({ 'deploy.dir': dir, query: '3' }).query, 3);
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
    assert.match(lines[0]!, /^cassandra\s+1\s+127\.0\.0\.1 cql 9042\s+pid 10\s+UP {2}restarts 1 \(last 2025-11-23T14:02:13Z: killed by SIGKILL\)$/);
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
    assert.match(lines[0]!, /^cassandra\s+2\s+127\.0\.0\.2 cql 9042\s+-\s+DOWN \(not running\) {2}restarts 1 \(last [^)]+\); gave up 2025-11-23T14:10:00Z after 6 exits in 7 min 40 s/);
    assert.equal(lines[1], '0/1 up (/d), not supervised (--no-supervise)');
  });
});
