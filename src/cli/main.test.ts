import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { defaultConfig } from '../config/fields.js';
import { int, section } from '../config/section.js';
import type { CliKit, CommandContext, Launcher } from './launcher.js';
import { runCli, withContactPoints } from './main.js';

class KitError extends Error {}

const launcher: Launcher = {
  contactPoints: (local) => [`127.0.0.1:${local.cqlPort}`, `127.0.0.2:${local.cqlPort}`],
  heapMb: () => 1024,
  startSupervised: () => Promise.reject(new Error('not in a unit test')),
};

/** A kit with one command that records what it was given. */
function kit(run: (ctx: CommandContext) => Promise<number>): CliKit {
  const own = section({ name: 'fake', help: 'a test command', command: 'fake', keys: { n: int({ min: 1, max: 9, default: 1, alias: 'n', help: 'a number' }) } });
  return { launcher, commands: [{ name: 'fake', help: '  fake  a test command\n', sections: [own], run }], operatorErrors: [KitError] };
}

/** Runs the command line with stderr captured; returns the exit code and what was written. */
async function cli(argv: string[], k: CliKit): Promise<{ code: number | string | undefined; err: string }> {
  let err = '';
  const write = mock.method(process.stderr, 'write', (chunk: string) => {
    err += chunk;
    return true;
  });
  try {
    await runCli(argv, k);
  } finally {
    write.mock.restore();
  }
  return { code: process.exitCode, err };
}

describe('runCli', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('a kit command gets its arguments, the loaded config with its own section, and which keys were set', async () => {
    let got: CommandContext | undefined;
    const r = await cli(['fake', 'up', '--n', '3', '--log.level=warn', '--local.cql-port=9300'], kit((ctx) => {
      got = ctx;
      return Promise.resolve(7);
    }));
    assert.equal(r.code, 7);
    assert.deepEqual(got!.args, ['up']);
    assert.deepEqual(got!.values.fake, { n: 3 });
    assert.equal(got!.cfg.log.level, 'warn');
    assert.deepEqual([...got!.explicit].sort(), ['fake.n', 'local.cqlPort', 'log.level']);
    assert.deepEqual(got!.cfg.cassandra.contactPoints, ['127.0.0.1:9300', '127.0.0.2:9300'], 'local mode: the launcher\'s contact points');
  });

  test('an operator error of the kit is one line and exit code 1; an unknown role is a usage error, 2', async () => {
    const failing = await cli(['fake'], kit(() => Promise.reject(new KitError('the ring is not there'))));
    assert.deepEqual(failing, { code: 1, err: 'siptrail: error: the ring is not there\n' });
    const unknown = await cli(['nope'], kit(() => Promise.resolve(0)));
    assert.deepEqual(unknown, { code: 2, err: 'siptrail: error: unknown role "nope" (see siptrail --help)\n' });
  });
});

describe('withContactPoints', () => {
  test('local mode: the launcher says where the nodes are; external mode: the configured contact points stay', () => {
    const cfg = defaultConfig();
    assert.deepEqual(withContactPoints(cfg, { launcher }).cassandra.contactPoints, ['127.0.0.1:9042', '127.0.0.2:9042']);
    const external = { ...cfg, cassandra: { ...cfg.cassandra, mode: 'external' as const, contactPoints: ['10.0.0.1'] } };
    assert.equal(withContactPoints(external, { launcher }), external);
  });
});
