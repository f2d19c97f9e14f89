import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseArgs } from '../../src/cli/args.js';
import { allSections, SERVICE_ROLES } from '../../src/cli/main.js';
import { loadSections } from '../../src/config/load.js';
import { clusterKit } from '../cli-kit.js';

const here = import.meta.dirname;
const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { bin: { siptrail: string } };

/** `[Section] key=value` lines of a unit file, comments left out. */
function unitKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let section = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) section = head[1]!;
    else keys.set(`${section}.${line.slice(0, line.indexOf('='))}`, line.slice(line.indexOf('=') + 1));
  }
  return keys;
}

/** What siptrail loads from a sample file for `role`, as the unit runs it. */
function loadSample(role: string, flags: Record<string, string> = {}) {
  return loadSections(allSections(clusterKit), { flags: { ...flags, config: join(here, `${role}.yaml`) }, env: {}, command: role }).config;
}

describe('real-host assets (cluster/host)', () => {
  for (const role of SERVICE_ROLES) {
    test(`siptrail-${role}.service runs the built siptrail as "${role}" with /etc/siptrail/${role}.yaml, whose sample siptrail loads`, () => {
      const unit = unitKeys(readFileSync(join(here, `siptrail-${role}.service`), 'utf8'));
      const [node, main, ...argv] = unit.get('Service.ExecStart')!.split(/\s+/);
      assert.equal(node, '/usr/bin/node');
      assert.equal(main, join('/opt/siptrail', pkg.bin.siptrail), 'the package\'s bin entry, built');
      const args = parseArgs(argv);
      assert.deepEqual(args.positional, [role]);
      assert.equal(args.flags.config, `/etc/siptrail/${role}.yaml`);
      assert.equal(unit.get('Install.WantedBy'), 'multi-user.target');
      assert.equal(unit.get('Service.User'), 'siptrail');
      // Every flag of the unit is a real key: load the sample with the unit's own flags.
      const flags = Object.fromEntries(Object.entries(args.flags).filter(([name]) => name !== 'config'));
      assert.ok(loadSample(role, flags));
    });
  }

  test('capture and query reach an external ring with the same keyspace and replication', () => {
    const [capture, query] = [loadSample('capture'), loadSample('query')];
    for (const c of [capture, query]) {
      assert.equal(c.cassandra.mode, 'external');
      assert.equal(c.cassandra.replicationFactor, 3);
    }
    assert.deepEqual(capture.cassandra.contactPoints, query.cassandra.contactPoints);
    assert.deepEqual(capture.capture.hepUdp, ['0.0.0.0:9060']);
    assert.match(capture.capture.spoolDir, /^\/var\/lib\/siptrail\//, 'the spool in the unit\'s StateDirectory');
  });

  test('the agent sends to capture nodes over TCP; all runs its own Cassandra under /var/lib/siptrail', () => {
    const agent = loadSample('agent');
    assert.equal(agent.agent.transport, 'tcp');
    assert.equal(agent.agent.targets.length, 2);
    const all = loadSample('all');
    assert.equal(all.cassandra.mode, 'local');
    assert.match(all.local.dir, /^\/var\/lib\/siptrail\//);
  });
});
