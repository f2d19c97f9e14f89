// What one local Cassandra node is made of: its address, folders, a minimal
// cassandra.yaml (unknown keys abort start-up, so only what is needed), a logback
// config, and the JVM arguments JDK 17 needs.
import { join, resolve } from 'node:path';
import type { LocalCassandraConfig } from '../src/config/types.js';
import type { MemoryPlan } from './memory-plan.js';

/** One node of the local ring: node N listens on 127.0.0.N with the shared ports. */
export interface LocalNode {
  index: number;
  address: string;
  dir: string;
  cqlPort: number;
  storagePort: number;
  jmxPort: number;
  token: string;
}

/** Balanced single tokens for an N-node Murmur3 ring, as ccm assigns them. */
export function ringTokens(n: number): string[] {
  // ccm: i * (2**64 // n) - 2**63, dividing first. (2**64 * i) // n, as this was, gave
  // tokens 1 higher than ccm's for some nodes of 6-, 7- and 9-node rings.
  const step = 2n ** 64n / BigInt(n);
  return Array.from({ length: n }, (_, i) => String(BigInt(i) * step - 2n ** 63n));
}

/** The nodes the config describes, in start order. */
export function localNodes(cfg: LocalCassandraConfig): LocalNode[] {
  const tokens = ringTokens(cfg.nodes);
  return tokens.map((token, i) => ({
    index: i + 1,
    address: `127.0.0.${i + 1}`,
    dir: resolve(cfg.dir, 'nodes', `node${i + 1}`),
    cqlPort: cfg.cqlPort,
    storagePort: cfg.storagePort,
    jmxPort: cfg.jmxPortBase + i,
    token,
  }));
}

/** A minimal cassandra.yaml for `node` in a ring of `all`, with the memory settings of `plan`. */
export function renderYaml(node: LocalNode, all: LocalNode[], plan: MemoryPlan): string {
  const seeds = all.map((n) => `${n.address}:${n.storagePort}`).join(',');
  const d = (name: string) => JSON.stringify(join(node.dir, name));
  return [
    'cluster_name: siptrail-local',
    'partitioner: org.apache.cassandra.dht.Murmur3Partitioner',
    'endpoint_snitch: SimpleSnitch',
    'num_tokens: 1',
    `initial_token: ${JSON.stringify(node.token)}`,
    'auto_bootstrap: false',
    `listen_address: ${node.address}`,
    `rpc_address: ${node.address}`,
    `storage_port: ${node.storagePort}`,
    `native_transport_port: ${node.cqlPort}`,
    'start_native_transport: true',
    'seed_provider:',
    '  - class_name: org.apache.cassandra.locator.SimpleSeedProvider',
    '    parameters:',
    `      - seeds: ${JSON.stringify(seeds)}`,
    `data_file_directories: [${d('data')}]`,
    `commitlog_directory: ${d('commitlog')}`,
    `saved_caches_directory: ${d('saved_caches')}`,
    `hints_directory: ${d('hints')}`,
    `cdc_raw_directory: ${d('cdc_raw')}`,
    'commitlog_sync: periodic',
    'commitlog_sync_period: 10000ms',
    'auto_snapshot: false',
    // A fresh ring: turn on every 5.0 feature (SAI, BTI sstables).
    'storage_compatibility_mode: NONE',
    // Local machines are small and shared: keep the node's own thread pools modest.
    'concurrent_compactors: 1',
    // Memtable cells off the Java heap, and a cap on request bytes queued per node: under
    // a write load the CPU cannot keep up with, the node pushes back on clients instead of
    // filling its heap (seen: OutOfMemoryError with a 2 GB heap and the defaults).
    'memtable_allocation_type: offheap_objects',
    // Both memtable spaces at an eighth of the heap instead of a quarter (memory-plan.ts):
    // the heap holds an object per cell even with offheap_objects, and at a quarter those
    // reached 2.3 GB live in the 2-hour soak, with multi-second full GCs.
    `memtable_heap_space: ${plan.memtableSpaceMb}MiB`,
    `memtable_offheap_space: ${plan.memtableSpaceMb}MiB`,
    'native_transport_max_request_data_in_flight: 64MiB',
    // Mutations queued from other nodes are held on the heap until applied: with the
    // default 512 MiB a node that falls behind under RF 3 (seen on a 3-node ring sharing
    // 2 cores, 2 GB heap) filled its heap and died. Smaller queues push back on the
    // coordinators instead; their writes are hinted and replayed.
    'internode_application_receive_queue_reserve_endpoint_capacity: 32MiB',
    'internode_application_receive_queue_reserve_global_capacity: 64MiB',
    'internode_application_send_queue_reserve_endpoint_capacity: 32MiB',
    'internode_application_send_queue_reserve_global_capacity: 64MiB',
    // Storage-attached indexes build their compaction segments on the heap until the
    // builders together pass this budget. Cassandra's default (1024 MiB) is the whole of a
    // 1 GiB heap: a compaction of messages_by_time (ten indexes, one Lucene packed-long
    // builder per distinct term) held ~600 MB of them live and the node died with
    // OutOfMemoryError 4.5 min into an 8,000/s load. An eighth of the heap (memory-plan.ts).
    'sai_options:',
    `  segment_write_buffer_size: ${plan.saiSegmentBufferMb}MiB`,
    // Cassandra's default, written out so the soak's setting is on record: at 2,800
    // messages/s the one compactor keeps pending compactions near zero (bench/soak).
    'compaction_throughput: 64MiB/s',
    '',
  ].join('\n');
}

/** Logback config: INFO to system.log in the node folder, warnings also to stdout. */
export function renderLogback(node: LocalNode): string {
  return `<configuration>
  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
    <file>${join(node.dir, 'logs', 'system.log')}</file>
    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
      <fileNamePattern>${join(node.dir, 'logs', 'system.log.%i.zip')}</fileNamePattern>
      <minIndex>1</minIndex><maxIndex>3</maxIndex>
    </rollingPolicy>
    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy"><maxFileSize>20MB</maxFileSize></triggeringPolicy>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
`;
}

// From Cassandra's conf/jvm17-server.options: the module exports/opens it needs on 17.
const JDK17_ACCESS = [
  'java.base/jdk.internal.misc', 'java.management.rmi/com.sun.jmx.remote.internal.rmi', 'java.rmi/sun.rmi.registry',
  'java.rmi/sun.rmi.server', 'java.sql/java.sql', 'java.base/java.lang.ref', 'jdk.unsupported/sun.misc',
  'jdk.compiler/com.sun.tools.javac.file', 'jdk.attach/sun.tools.attach',
].flatMap((m) => ['--add-exports', `${m}=ALL-UNNAMED`]).concat(
  [
    'java.base/java.lang.module', 'java.base/jdk.internal.loader', 'java.base/jdk.internal.ref', 'java.base/jdk.internal.reflect',
    'java.base/jdk.internal.math', 'java.base/jdk.internal.module', 'java.base/jdk.internal.util.jar',
    'jdk.management/com.sun.management.internal', 'java.base/sun.nio.ch', 'java.base/java.io', 'java.base/java.lang.reflect',
    'jdk.compiler/com.sun.tools.javac', 'java.base/java.lang', 'java.base/java.util', 'java.base/java.nio',
  ].flatMap((m) => ['--add-opens', `${m}=ALL-UNNAMED`]),
);

/** The full `java` argument list that starts `node` from the jars in `lib`, with the heap of `plan`. */
export function jvmArgs(node: LocalNode, lib: string, plan: MemoryPlan): string[] {
  return [
    `-Xms${plan.heapMb}m`, `-Xmx${plan.heapMb}m`,
    '-XX:+UseG1GC', '-XX:+ParallelRefProcEnabled', '-XX:MaxGCPauseMillis=300', '-XX:+ExitOnOutOfMemoryError',
    '-XX:ActiveProcessorCount=2',
    // GC log, rotated (10 files of 10 MB): the evidence for any heap question.
    `-Xlog:gc*,safepoint:file=${join(node.dir, 'logs', 'gc.log')}:time,uptime,level,tags:filecount=10,filesize=10m`,
    // One heap dump, at the first OutOfMemoryError only (the JVM never overwrites the file).
    '-XX:+HeapDumpOnOutOfMemoryError', `-XX:HeapDumpPath=${join(node.dir, 'oom-heap.hprof')}`,
    '-Djdk.attach.allowAttachSelf=true', '-Dio.netty.tryReflectionSetAccessible=true',
    ...JDK17_ACCESS,
    `-Dcassandra.config=file://${join(node.dir, 'cassandra.yaml')}`,
    '-Dcassandra-foreground=yes',
    `-Dcassandra.storagedir=${node.dir}`,
    `-Dcassandra.logdir=${join(node.dir, 'logs')}`,
    `-Dlogback.configurationFile=${join(node.dir, 'logback.xml')}`,
    `-Dcassandra.jmx.local.port=${node.jmxPort}`,
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    '-Dcassandra.ring_delay_ms=1000',
    '-Dcassandra.load_ring_state=false',
    // Marks the process so stop/status recognise a node they started, and only that.
    `-Dsiptrail.node=${node.dir}`,
    '-cp', `${lib}/*`,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}
