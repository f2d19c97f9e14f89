import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  cassandraAddress, configPath, contactPointsOf, DEFAULT_SPEC, processAddress, processDir, processName, replicationFactorOf, specProblem,
  type DeploymentSpec,
} from './deploy-plan.js';

const spec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({ ...DEFAULT_SPEC, dir: '/tmp/dep', ...over });

describe('address and port plan', () => {
  test('Cassandra on 127.0.0.n, capture i on 127.0.1.i, query j on 127.0.2.j', () => {
    assert.deepEqual([1, 2, 3].map(cassandraAddress), ['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    assert.equal(processAddress('capture', 1), '127.0.1.1');
    assert.equal(processAddress('capture', 12), '127.0.1.12');
    assert.equal(processAddress('query', 2), '127.0.2.2');
  });

  test('contact points list every node with the shared CQL port', () => {
    assert.deepEqual(contactPointsOf(spec({ cassandraNodes: 3, cqlPort: 9252 })), ['127.0.0.1:9252', '127.0.0.2:9252', '127.0.0.3:9252']);
  });

  test('replication factor is one copy per node, at most three', () => {
    assert.deepEqual([1, 2, 3, 5, 9].map((n) => replicationFactorOf({ cassandraNodes: n })), [1, 2, 3, 3, 3]);
  });

  test('each process has its own folder, named after role and number, under the absolute deployment folder', () => {
    assert.equal(processName('query', 2), 'query-2');
    assert.equal(processDir('rel/dep', 'capture', 1), resolve('rel/dep', 'capture-1'));
    assert.equal(configPath('/tmp/dep', 'query', 3), '/tmp/dep/query-3/siptrail.yaml');
  });
});

describe('specProblem', () => {
  test('the defaults are fine', () => {
    assert.equal(specProblem(spec()), null);
    assert.equal(specProblem(spec({ capture: 0, query: 0, cassandraNodes: 1 })), null);
  });

  test('names the bad value and what is allowed', () => {
    assert.equal(specProblem(spec({ cassandraNodes: 0 })), 'cassandraNodes: 0 is not allowed; allowed: an integer 1..9');
    assert.equal(specProblem(spec({ capture: -1 })), 'capture: -1 is not allowed; allowed: an integer 0..254');
    assert.equal(specProblem(spec({ query: 255 })), 'query: 255 is not allowed; allowed: an integer 0..254');
    assert.equal(specProblem(spec({ httpPort: 1.5 })), 'httpPort: 1.5 is not allowed; allowed: an integer 1..65535');
    assert.match(specProblem(spec({ keyspace: 'Bad-Name' }))!, /^keyspace: "Bad-Name" is not allowed/);
    assert.equal(specProblem(spec({ dir: '' })), 'dir: must not be empty');
  });
});
