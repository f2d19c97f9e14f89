// The `deploy` section: the layout `siptrail deploy up` runs on this machine. Only the deploy
// command reads it, and only there do its short flags (--cassandra-nodes, --capture, ...)
// count. Seven of its keys stand for keys of the local ring and the keyspace: giving those
// as flags to `deploy` is refused rather than silently ignored.
import { bool, int, oneOf, section, text, type SectionValues } from '../src/config/section.js';
import { DEFAULT_SPEC, KEYSPACE, MAX_PER_ROLE } from './deploy-plan.js';

const d = DEFAULT_SPEC;

/** Sizes, folder, ports and keyspace of a local deployment, and how `deploy stop` signals. */
export const deploySection = section({
  name: 'deploy',
  help: 'a whole installation on this machine (siptrail deploy)',
  command: 'deploy',
  keys: {
    dir: text({ nonEmpty: true, default: d.dir, replaces: 'local.dir', help: 'folder of the deployment: its layout, each process\'s config, log and spool, the Cassandra nodes' }),
    cassandraNodes: int({ min: 1, max: 9, default: d.cassandraNodes, alias: 'cassandra-nodes', replaces: 'local.nodes', help: 'Cassandra nodes, on 127.0.0.1 .. 127.0.0.N (replication factor min(3, N))' }),
    capture: int({ min: 0, max: MAX_PER_ROLE, default: d.capture, alias: 'capture', help: 'capture processes, on 127.0.1.1 .. 127.0.1.K' }),
    query: int({ min: 0, max: MAX_PER_ROLE, default: d.query, alias: 'query', help: 'query processes, on 127.0.2.1 .. 127.0.2.Q' }),
    cqlPort: int({ min: 1, max: 65_535, default: d.cqlPort, alias: 'cql-port', replaces: 'local.cqlPort', help: 'CQL port of the deployment\'s Cassandra nodes' }),
    storagePort: int({ min: 1, max: 65_535, default: d.storagePort, alias: 'storage-port', replaces: 'local.storagePort', help: 'inter-node port of the deployment\'s Cassandra nodes' }),
    jmxPortBase: int({ min: 1, max: 65_000, default: d.jmxPortBase, alias: 'jmx-port-base', replaces: 'local.jmxPortBase', help: 'JMX port of node 1 (node N uses base+N-1)' }),
    heapMb: int({ min: 256, max: 32_768, zeroIsAuto: true, default: d.heapMb, alias: 'heap-mb', replaces: 'local.heapMb', help: 'Java heap of each Cassandra node in MiB (0: automatic, as local.heapMb)' }),
    hepPort: int({ min: 1, max: 65_535, default: d.hepPort, alias: 'hep-port', help: 'HEP port (UDP and TCP) of every capture process' }),
    httpPort: int({ min: 1, max: 65_535, default: d.httpPort, alias: 'http-port', help: 'HTTP port of every capture and query process and of the supervisor' }),
    keyspace: text({ nonEmpty: true, pattern: KEYSPACE, default: d.keyspace, alias: 'keyspace', replaces: 'cassandra.keyspace', help: 'keyspace of the deployment' }),
    supervise: bool({ default: true, alias: 'supervise', help: 'run a Cassandra supervisor that restarts a node dying on its own (--no-supervise: none, for drills that hold nodes down)' }),
    signal: oneOf({ values: ['SIGTERM', 'SIGKILL'], default: 'SIGTERM', alias: 'signal', help: 'signal `deploy stop` sends (SIGKILL for a crash drill)' }),
  },
});

/** The deploy section's values. */
export type DeployConfig = SectionValues<typeof deploySection>;
