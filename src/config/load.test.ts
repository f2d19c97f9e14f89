import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultConfig } from './fields.js';
import { ConfigError, envName, loadConfig, type ConfigSources } from './load.js';

/** The ConfigError message loadConfig throws for `src`. */
function rejection(src: ConfigSources): string {
  try {
    loadConfig(src);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  assert.fail(`accepted: ${JSON.stringify(src)}`);
}

describe('loadConfig', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'siptrail-config-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('no sources: the defaults', () => {
    assert.deepEqual(loadConfig(), defaultConfig());
    assert.deepEqual(loadConfig({ env: {}, flags: {} }), defaultConfig());
    const d = loadConfig();
    assert.equal(d.cassandra.mode, 'local');
    assert.deepEqual(d.cassandra.contactPoints, ['127.0.0.1:9042']);
    assert.deepEqual(d.capture.hepUdp, ['127.0.0.1:9060'], 'ingest is closed by default');
    assert.equal(d.capture.b2bSuffix, '_b2b-\\d+$');
  });

  test('a YAML file sets typed values; keys it leaves out keep their defaults', () => {
    const path = file('c.yaml', [
      'cassandra:',
      '  mode: external',
      '  contactPoints: [10.1.0.11, "10.1.0.12:9043"]',
      '  retentionDays: 30',
      'capture:',
      '  location: berlin-sbc',
      '  authKey: myHep',
      '  extraHeaders: [X-Customer-Id]',
      '  allowNetworks: 10.0.0.0/8, 2001:db8::/32',
      'http:',
      '',
    ].join('\n'));
    const cfg = loadConfig({ file: path });
    assert.equal(cfg.cassandra.mode, 'external');
    assert.deepEqual(cfg.cassandra.contactPoints, ['10.1.0.11', '10.1.0.12:9043']);
    assert.equal(cfg.cassandra.retentionDays, 30);
    assert.equal(cfg.capture.location, 'berlin-sbc');
    assert.equal(cfg.capture.authKey, 'myHep');
    assert.deepEqual(cfg.capture.extraHeaders, ['X-Customer-Id']);
    assert.deepEqual(cfg.capture.allowNetworks, ['10.0.0.0/8', '2001:db8::/32']);
    assert.equal(cfg.cassandra.keyspace, 'siptrail');
    assert.deepEqual(cfg.http, defaultConfig().http);
  });

  test('a JSON file works the same', () => {
    const path = file('c.json', JSON.stringify({ cassandra: { keyspace: 'from_json', replicationFactor: 1 }, capture: { batchSize: 500, hepTcp: [] } }));
    const cfg = loadConfig({ file: path });
    assert.equal(cfg.cassandra.keyspace, 'from_json');
    assert.equal(cfg.capture.batchSize, 500);
    assert.deepEqual(cfg.capture.hepTcp, []);
  });

  test('an empty file is the defaults', () => {
    assert.deepEqual(loadConfig({ file: file('empty.yaml', '') }), defaultConfig());
  });

  test('precedence: defaults < file < environment < flags', () => {
    const path = file('p.yaml', 'cassandra:\n  keyspace: from_file\n  retentionDays: 20\nlog:\n  level: warn\n');
    const env = { SIPTRAIL_CASSANDRA_KEYSPACE: 'from_env', SIPTRAIL_CASSANDRA_RETENTION_DAYS: '25' };
    assert.equal(loadConfig({ file: path }).cassandra.keyspace, 'from_file');
    const withEnv = loadConfig({ file: path, env });
    assert.equal(withEnv.cassandra.keyspace, 'from_env');
    assert.equal(withEnv.cassandra.retentionDays, 25);
    assert.equal(withEnv.log.level, 'warn');
    const withFlags = loadConfig({ file: path, env, flags: { 'cassandra.keyspace': 'x' } });
    assert.equal(withFlags.cassandra.keyspace, 'x');
    assert.equal(withFlags.cassandra.retentionDays, 25);
    assert.equal(withFlags.log.level, 'warn');
  });

  test('the file comes from --config, else SIPTRAIL_CONFIG, else the file source', () => {
    const a = file('a.yaml', 'cassandra:\n  keyspace: a\n');
    const b = file('b.yaml', 'cassandra:\n  keyspace: b\n');
    const c = file('c2.yaml', 'cassandra:\n  keyspace: c\n');
    assert.equal(loadConfig({ file: c, env: { SIPTRAIL_CONFIG: b }, flags: { config: a } }).cassandra.keyspace, 'a');
    assert.equal(loadConfig({ file: c, env: { SIPTRAIL_CONFIG: b } }).cassandra.keyspace, 'b');
    assert.equal(loadConfig({ file: c }).cassandra.keyspace, 'c');
  });

  test('flags: camelCase and kebab-case name the same key; lists are comma separated', () => {
    const kebab = loadConfig({ flags: { 'cassandra.contact-points': '10.0.0.1:9042, 10.0.0.2', 'capture.max-queue': '5000' } });
    assert.deepEqual(kebab.cassandra.contactPoints, ['10.0.0.1:9042', '10.0.0.2']);
    assert.equal(kebab.capture.maxQueue, 5000);
    const camel = loadConfig({ flags: { 'cassandra.contactPoints': '10.0.0.3' } });
    assert.deepEqual(camel.cassandra.contactPoints, ['10.0.0.3']);
    assert.deepEqual(loadConfig({ flags: { 'capture.hep-udp': '' } }).capture.hepUdp, []);
  });

  test('environment: every key has its SIPTRAIL_ variable', () => {
    assert.equal(envName('cassandra.contactPoints'), 'SIPTRAIL_CASSANDRA_CONTACT_POINTS');
    assert.equal(envName('local.jmxPortBase'), 'SIPTRAIL_LOCAL_JMX_PORT_BASE');
    const cfg = loadConfig({ env: { SIPTRAIL_CAPTURE_SPOOL_FSYNC: 'always', SIPTRAIL_LOCAL_NODES: '3', SIPTRAIL_CASSANDRA_REPLICATION_FACTOR: '3', PATH: '/usr/bin', HOME: '/root' } });
    assert.equal(cfg.capture.spoolFsync, 'always');
    assert.equal(cfg.local.nodes, 3);
    assert.equal(cfg.cassandra.replicationFactor, 3);
  });

  test('--nodes is short for --local.nodes', () => {
    assert.equal(loadConfig({ flags: { nodes: '3' } }).local.nodes, 3);
  });

  test('SIPTRAIL_DEBUG (read by the entry point) is not a configuration key and is not refused', () => {
    assert.deepEqual(loadConfig({ env: { SIPTRAIL_DEBUG: '1' } }), defaultConfig());
  });

  describe('every rejection names the key and what it accepts', () => {
    const cases: [string, ConfigSources, RegExp[]][] = [
      ['bad enum (flag)', { flags: { 'cassandra.mode': 'cloud' } }, [/cassandra\.mode/, /"cloud"/, /allowed: local, external/]],
      ['bad enum (env)', { env: { SIPTRAIL_LOG_LEVEL: 'verbose' } }, [/SIPTRAIL_LOG_LEVEL/, /log\.level/, /allowed: error, warn, info, debug/]],
      ['int out of range', { flags: { 'capture.batch-size': '0' } }, [/capture\.batchSize/, /allowed: an integer 1\.\.10000/]],
      ['int above range', { env: { SIPTRAIL_LOCAL_NODES: '10' } }, [/local\.nodes/, /allowed: an integer 1\.\.9/]],
      ['not an int', { flags: { 'local.heapMb': '1g' } }, [/local\.heapMb/, /"1g"/, /allowed: 0 \(automatic\) or an integer 256\.\.32768/]],
      ['int in neither the range nor 0', { flags: { 'local.heapMb': '100' } }, [/local\.heapMb/, /"100"/, /allowed: 0 \(automatic\) or an integer 256\.\.32768/]],
      ['bad host:port', { flags: { 'cassandra.contact-points': '10.0.0.1:99999' } }, [/cassandra\.contactPoints/, /10\.0\.0\.1:99999/, /port must be 0\.\.65535/]],
      ['not host:port', { flags: { 'http.listen': 'a:b:c' } }, [/http\.listen/, /"a:b:c" is not host:port/]],
      ['bad CIDR prefix', { flags: { 'capture.allow-networks': '10.0.0.0/8,10.0.0.0/33' } }, [/capture\.allowNetworks/, /10\.0\.0\.0\/33/, /prefix must be 0\.\.32/]],
      ['not a CIDR', { env: { SIPTRAIL_CAPTURE_ALLOW_NETWORKS: 'office' } }, [/capture\.allowNetworks/, /"office" is not an IP network \(address\/prefix\)/]],
      ['bad regex', { flags: { 'capture.b2b-suffix': '_b2b-(\\d+$' } }, [/capture\.b2bSuffix/, /not a valid regular expression/]],
      ['empty required text', { flags: { 'cassandra.keyspace': '' } }, [/cassandra\.keyspace/, /must not be empty/]],
      ['replicationFactor above local.nodes', { flags: { 'cassandra.replication-factor': '3' } }, [/cassandra\.replicationFactor/, /local\.nodes \(1\)/, /allowed: 1\.\.1/]],
      ['external mode without contact points', { flags: { 'cassandra.mode': 'external', 'cassandra.contact-points': '' } }, [/cassandra\.contactPoints/, /allowed: host\[:port\]/]],
      ['unknown flag', { flags: { 'cassandra.keyspaces': 'x' } }, [/--cassandra\.keyspaces/, /allowed: .*--cassandra\.keyspace\b/, /--cassandra\.contactPoints/]],
      ['unknown flag section', { flags: { 'cassandr.keyspace': 'x' } }, [/--cassandr\.keyspace/, /allowed: .*--cassandra\./, /--capture\./]],
      ['unknown env var', { env: { SIPTRAIL_CASSANDRA_KEYSPACES: 'x' } }, [/SIPTRAIL_CASSANDRA_KEYSPACES/, /allowed: .*SIPTRAIL_CASSANDRA_KEYSPACE\b/, /SIPTRAIL_CASSANDRA_MODE/]],
      ['unknown env section', { env: { SIPTRAIL_HTTP_PORT: '80' } }, [/SIPTRAIL_HTTP_PORT/, /allowed: .*SIPTRAIL_HTTP_LISTEN/]],
    ];
    for (const [name, src, patterns] of cases) {
      test(name, () => {
        const msg = rejection(src);
        for (const p of patterns) assert.match(msg, p);
      });
    }

    test('file: unknown key, unknown section, bad value, bad type', () => {
      const unknownKey = rejection({ file: file('k.yaml', 'capture:\n  hepPort: 9060\n') });
      assert.match(unknownKey, /k\.yaml/);
      assert.match(unknownKey, /capture\.hepPort/);
      assert.match(unknownKey, /allowed: .*hepUdp/);
      const unknownSection = rejection({ file: file('s.yaml', 'cassandar:\n  mode: local\n') });
      assert.match(unknownSection, /"cassandar"/);
      assert.match(unknownSection, new RegExp(Object.keys(defaultConfig()).join(', ')));
      const badValue = rejection({ file: file('v.yaml', 'capture:\n  spoolFsync: sometimes\n') });
      assert.match(badValue, /capture\.spoolFsync/);
      assert.match(badValue, /allowed: always, interval, never/);
      const notMapping = rejection({ file: file('m.yaml', '- a\n- b\n') });
      assert.match(notMapping, /expected a mapping of sections/);
      const notYaml = rejection({ file: file('y.yaml', 'cassandra: [\n') });
      assert.match(notYaml, /not valid YAML\/JSON/);
      const missing = rejection({ file: join(dir, 'nope.yaml') });
      assert.match(missing, /nope\.yaml: cannot read it \(ENOENT\)/);
    });
  });

  test('replicationFactor above local.nodes is fine in external mode, and when local.nodes is raised', () => {
    assert.equal(loadConfig({ flags: { 'cassandra.mode': 'external', 'cassandra.replication-factor': '3' } }).cassandra.replicationFactor, 3);
    assert.equal(loadConfig({ flags: { 'local.nodes': '3', 'cassandra.replication-factor': '3' } }).cassandra.replicationFactor, 3);
  });
});
