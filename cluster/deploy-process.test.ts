import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { childEnv, siptrailArgv } from './deploy-process.js';

describe('how a process is started', () => {
  test('from the sources through tsx; from dist/ with the built entry point when it exists', () => {
    const src = siptrailArgv(false);
    assert.deepEqual(src.slice(0, 2), ['--import', 'tsx']);
    assert.match(src[2]!, /cluster\/main\.ts$/);
    const built = siptrailArgv(true);
    assert.ok(built.length === 1 ? /dist\/cluster\/main\.js$/.test(built[0]!) : built[0] === '--import', 'dist when built, else tsx');
  });

  test('the environment loses SIPTRAIL_* settings, so each process follows its own config file', () => {
    const env = childEnv({ PATH: '/bin', SIPTRAIL_CASSANDRA_KEYSPACE: 'other', SIPTRAIL_CONFIG: '/x.yaml', SIPTRAIL_DEBUG: '1' });
    assert.deepEqual(env, { PATH: '/bin', SIPTRAIL_DEBUG: '1' });
  });
});
