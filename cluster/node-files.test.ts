import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { defaultConfig } from '../src/config/fields.js';
import type { LocalCassandraConfig } from '../src/config/types.js';
import { jvmArgs, localNodes, renderLogback, renderYaml, ringTokens } from './node-files.js';
import type { MemoryPlan } from './memory-plan.js';

const PLAN: MemoryPlan = { heapMb: 768, saiSegmentBufferMb: 96, memtableSpaceMb: 96, heapFrom: 'set' };

const cfg = (over: Partial<LocalCassandraConfig> = {}): LocalCassandraConfig => ({ ...defaultConfig().local, dir: '/tmp/siptrail-x', ...over });

// Printed by ccm's balanced_tokens for Murmur3: [str(i * (2**64 // n) - 2**63) for i in range(n)].
const CCM: Record<number, string[]> = {
  1: ['-9223372036854775808'],
  2: ['-9223372036854775808', '0'],
  3: ['-9223372036854775808', '-3074457345618258603', '3074457345618258602'],
  6: ['-9223372036854775808', '-6148914691236517206', '-3074457345618258604', '-2', '3074457345618258600', '6148914691236517202'],
  7: ['-9223372036854775808', '-6588122883467697006', '-3952873730080618204', '-1317624576693539402', '1317624576693539400', '3952873730080618202', '6588122883467697004'],
  9: ['-9223372036854775808', '-7173733806442603407', '-5124095576030431006', '-3074457345618258605', '-1024819115206086204', '1024819115206086197', '3074457345618258598', '5124095576030430999', '7173733806442603400'],
};

/** Every key renderYaml may write: all of them exist in Cassandra 5.0's cassandra.yaml. */
const KNOWN_YAML_KEYS = [
  'cluster_name', 'partitioner', 'endpoint_snitch', 'num_tokens', 'initial_token', 'auto_bootstrap', 'listen_address',
  'rpc_address', 'storage_port', 'native_transport_port', 'start_native_transport', 'seed_provider', 'data_file_directories',
  'commitlog_directory', 'saved_caches_directory', 'hints_directory', 'cdc_raw_directory', 'commitlog_sync',
  'commitlog_sync_period', 'auto_snapshot', 'storage_compatibility_mode', 'concurrent_compactors', 'memtable_allocation_type', 'memtable_heap_space', 'memtable_offheap_space', 'native_transport_max_request_data_in_flight',
  'internode_application_receive_queue_reserve_endpoint_capacity', 'internode_application_receive_queue_reserve_global_capacity',
  'internode_application_send_queue_reserve_endpoint_capacity', 'internode_application_send_queue_reserve_global_capacity',
  'sai_options', 'compaction_throughput',
];

describe('ringTokens', () => {
  test('3 nodes: the tokens ccm assigns', () => {
    assert.deepEqual(ringTokens(3), ['-9223372036854775808', '-3074457345618258603', '3074457345618258602']);
  });

  test('1 to 9 nodes: the same tokens as ccm (its quotient first, then the multiple)', () => {
    for (const [n, tokens] of Object.entries(CCM)) assert.deepEqual(ringTokens(Number(n)), tokens, `${n} nodes`);
    for (let n = 1; n <= 9; n++) {
      const step = 2n ** 64n / BigInt(n);
      assert.deepEqual(ringTokens(n), Array.from({ length: n }, (_, i) => String(BigInt(i) * step - 2n ** 63n)), `${n} nodes`);
    }
  });

  test('tokens are distinct, ascending, within the Murmur3 range', () => {
    for (let n = 1; n <= 9; n++) {
      const t = ringTokens(n).map(BigInt);
      for (let i = 1; i < t.length; i++) assert.ok(t[i]! > t[i - 1]!);
      assert.ok(t[0]! >= -(2n ** 63n) && t[t.length - 1]! < 2n ** 63n);
    }
  });
});

describe('localNodes', () => {
  test('node N on 127.0.0.N with the shared ports, its own JMX port, folder and token', () => {
    const nodes = localNodes(cfg({ nodes: 3, cqlPort: 9142, storagePort: 7100, jmxPortBase: 7299 }));
    assert.deepEqual(nodes.map((n) => [n.index, n.address, n.cqlPort, n.storagePort, n.jmxPort]), [
      [1, '127.0.0.1', 9142, 7100, 7299],
      [2, '127.0.0.2', 9142, 7100, 7300],
      [3, '127.0.0.3', 9142, 7100, 7301],
    ]);
    assert.deepEqual(nodes.map((n) => n.dir), [1, 2, 3].map((i) => resolve('/tmp/siptrail-x', 'nodes', `node${i}`)));
    assert.deepEqual(nodes.map((n) => n.token), ringTokens(3));
  });
});

describe('renderYaml', () => {
  const nodes = localNodes(cfg({ nodes: 3, cqlPort: 9142, storagePort: 7100 }));
  const node = nodes[1]!;
  const doc = parseYaml(renderYaml(node, nodes, PLAN)) as Record<string, unknown>;

  test('is YAML holding only keys Cassandra knows', () => {
    for (const key of Object.keys(doc)) assert.ok(KNOWN_YAML_KEYS.includes(key), `unexpected cassandra.yaml key ${key}`);
  });

  test('sets the SAI segment buffer from the memory plan, and the compaction throughput', () => {
    assert.deepEqual(doc.sai_options, { segment_write_buffer_size: '96MiB' });
    assert.equal(doc.memtable_heap_space, '96MiB');
    assert.equal(doc.memtable_offheap_space, '96MiB');
    assert.equal(doc.compaction_throughput, '64MiB/s');
  });

  test('caps the queues of mutations from other nodes well below the heap', () => {
    for (const dir of ['receive', 'send']) {
      assert.equal(doc[`internode_application_${dir}_queue_reserve_global_capacity`], '64MiB');
      assert.equal(doc[`internode_application_${dir}_queue_reserve_endpoint_capacity`], '32MiB');
    }
  });

  test('holds the node address, ports, token and a single-token Murmur3 ring', () => {
    assert.equal(doc.listen_address, '127.0.0.2');
    assert.equal(doc.rpc_address, '127.0.0.2');
    assert.equal(doc.storage_port, 7100);
    assert.equal(doc.native_transport_port, 9142);
    assert.equal(doc.start_native_transport, true);
    assert.equal(doc.initial_token, ringTokens(3)[1]);
    assert.equal(doc.num_tokens, 1);
    assert.equal(doc.partitioner, 'org.apache.cassandra.dht.Murmur3Partitioner');
    assert.equal(doc.auto_bootstrap, false);
  });

  test('names every node of the ring as a seed', () => {
    const provider = doc.seed_provider as { class_name: string; parameters: { seeds: string }[] }[];
    assert.equal(provider[0]!.class_name, 'org.apache.cassandra.locator.SimpleSeedProvider');
    assert.equal(provider[0]!.parameters[0]!.seeds, '127.0.0.1:7100,127.0.0.2:7100,127.0.0.3:7100');
  });

  test('keeps every folder inside the node folder', () => {
    assert.deepEqual(doc.data_file_directories, [join(node.dir, 'data')]);
    for (const [key, sub] of [['commitlog_directory', 'commitlog'], ['saved_caches_directory', 'saved_caches'], ['hints_directory', 'hints'], ['cdc_raw_directory', 'cdc_raw']]) {
      assert.equal(doc[key!], join(node.dir, sub!), key);
    }
  });

  test('quotes a folder with YAML-special characters safely', () => {
    const odd = { ...node, dir: '/tmp/a: b #c' };
    const parsed = parseYaml(renderYaml(odd, [odd], PLAN)) as Record<string, unknown>;
    assert.equal(parsed.commitlog_directory, '/tmp/a: b #c/commitlog');
  });
});

describe('jvmArgs and renderLogback', () => {
  const c = cfg({ nodes: 2, heapMb: 768, jmxPortBase: 7199 });
  const node = localNodes(c)[1]!;
  const args = jvmArgs(node, '/opt/cassandra/lib', PLAN);

  test('sets the heap from the memory plan', () => {
    assert.ok(args.includes('-Xms768m'));
    assert.ok(args.includes('-Xmx768m'));
  });

  test('logs GC to a rotated file in the node folder, dumps the heap once at the first OOM, and exits on OOM', () => {
    assert.ok(args.includes(`-Xlog:gc*,safepoint:file=${join(node.dir, 'logs', 'gc.log')}:time,uptime,level,tags:filecount=10,filesize=10m`));
    assert.ok(args.includes('-XX:+HeapDumpOnOutOfMemoryError'));
    assert.ok(args.includes(`-XX:HeapDumpPath=${join(node.dir, 'oom-heap.hprof')}`));
    assert.ok(args.includes('-XX:+ExitOnOutOfMemoryError'));
  });

  test('marks the process with -Dsiptrail.node=<node folder> so stop/status find it', () => {
    assert.deepEqual(args.filter((a) => a.startsWith('-Dsiptrail.node=')), [`-Dsiptrail.node=${node.dir}`]);
  });

  test('points Cassandra at the node files, its JMX port and the jars, and starts the daemon', () => {
    assert.ok(args.includes(`-Dcassandra.config=file://${join(node.dir, 'cassandra.yaml')}`));
    assert.ok(args.includes('-Dcassandra.jmx.local.port=7200'));
    assert.ok(args.includes(`-Dlogback.configurationFile=${join(node.dir, 'logback.xml')}`));
    const cp = args.indexOf('-cp');
    assert.equal(args[cp + 1], '/opt/cassandra/lib/*');
    assert.equal(args.at(-1), 'org.apache.cassandra.service.CassandraDaemon');
  });

  test('logback writes system.log inside the node folder', () => {
    assert.ok(renderLogback(node).includes(`<file>${join(node.dir, 'logs', 'system.log')}</file>`));
  });
});
