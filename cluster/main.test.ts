import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const root = join(import.meta.dirname, '..');

/** Runs the siptrail program from the sources; nothing here reaches Cassandra. */
function siptrail(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cluster', 'main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the siptrail program (cluster/main.ts)', () => {
  test('--help lists the roles, the kit\'s commands, every section\'s keys and the short flags', () => {
    const r = siptrail('--help');
    assert.equal(r.code, 0, r.err);
    for (const line of [/^ {2}all /m, /^ {2}cassandra start/m, /^ {2}deploy up/m, /--cassandra\.contactPoints +SIPTRAIL_CASSANDRA_CONTACT_POINTS/, /--deploy\.cassandraNodes +SIPTRAIL_DEPLOY_CASSANDRA_NODES/, /--nodes V +\(same as --local\.nodes\)/, /--cassandra-nodes V +\(same as --deploy\.cassandraNodes, in deploy only\)/]) {
      assert.match(r.out, line);
    }
  });

  test('a bad value stops it with one line naming the key and what is allowed, exit code 1', () => {
    const r = siptrail('deploy', 'status', '--cassandra-nodes', '12');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'siptrail: error: flag --cassandra-nodes: deploy.cassandraNodes: "12" is not allowed; allowed: an integer 1..9\n');
  });

  test('an unknown role is a usage error, exit code 2', () => {
    const r = siptrail('depoly', '--log.level=warn');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown role "depoly" \(see siptrail --help\)/);
  });
});
