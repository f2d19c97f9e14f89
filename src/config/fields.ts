// The table of every configuration key: its default, its type and allowed values.
// load.ts applies file, environment and flags through this table, so that every key
// is validated the same way and errors name the key and what it accepts.
import type { Config } from './types.js';

/** How a key's text value is read and checked. */
export type FieldKind =
  | { type: 'string'; nonEmpty?: boolean }
  | { type: 'int'; min: number; max: number; /** 0 is also allowed, meaning: computed. */ zeroIsAuto?: true }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list'; item?: 'hostport' | 'string' | 'cidr' }
  | { type: 'regex' }
  | { type: 'hostport' };

/** One configuration key: dotted path (`cassandra.keyspace`), kind, default, help. */
export interface Field {
  path: string;
  kind: FieldKind;
  help: string;
}

const consistency = ['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'] as const;

/** Every key siptrail reads; the README's configuration reference lists the same. */
export const FIELDS: readonly Field[] = [
  { path: 'cassandra.mode', kind: { type: 'enum', values: ['local', 'external'] }, help: 'local: siptrail installs and runs Cassandra itself; external: connect to contactPoints' },
  { path: 'cassandra.contactPoints', kind: { type: 'list', item: 'hostport' }, help: 'Cassandra nodes to connect to (host or host:port), comma separated' },
  { path: 'cassandra.localDataCenter', kind: { type: 'string', nonEmpty: true }, help: 'data centre of the contact points (SimpleSnitch: datacenter1)' },
  { path: 'cassandra.username', kind: { type: 'string' }, help: 'Cassandra user (empty: no authentication)' },
  { path: 'cassandra.password', kind: { type: 'string' }, help: 'Cassandra password' },
  { path: 'cassandra.keyspace', kind: { type: 'string', nonEmpty: true }, help: 'keyspace holding every siptrail table' },
  { path: 'cassandra.replication', kind: { type: 'enum', values: ['simple', 'network'] }, help: 'simple: SimpleStrategy; network: NetworkTopologyStrategy in localDataCenter' },
  { path: 'cassandra.replicationFactor', kind: { type: 'int', min: 1, max: 9 }, help: 'copies of each row (3 for a production cluster)' },
  { path: 'cassandra.retentionDays', kind: { type: 'int', min: 1, max: 3650 }, help: 'days a message is kept (table TTL), applied at every migrate' },
  { path: 'cassandra.writeConsistency', kind: { type: 'enum', values: consistency }, help: 'consistency of writes' },
  { path: 'cassandra.readConsistency', kind: { type: 'enum', values: consistency }, help: 'consistency of reads' },
  { path: 'cassandra.connectTimeoutMs', kind: { type: 'int', min: 100, max: 600_000 }, help: 'how long to wait for Cassandra at start-up' },
  { path: 'local.dir', kind: { type: 'string', nonEmpty: true }, help: 'folder for the Cassandra jars and each local node\'s data and logs' },
  { path: 'local.libDir', kind: { type: 'string' }, help: 'folder for the Cassandra jars (empty: <local.dir>/lib)' },
  { path: 'local.nodes', kind: { type: 'int', min: 1, max: 9 }, help: 'local Cassandra nodes, on 127.0.0.1 .. 127.0.0.N' },
  { path: 'local.nice', kind: { type: 'int', min: 0, max: 19 }, help: 'CPU niceness of local Cassandra nodes: on a shared host the UDP receivers come first, Cassandra lag is queued or spooled' },
  { path: 'local.heapMb', kind: { type: 'int', min: 256, max: 32_768, zeroIsAuto: true }, help: 'Java heap of each local Cassandra node in MiB (0: automatic, a quarter of the machine\'s memory shared by the nodes, 1024..8192)' },
  { path: 'local.saiSegmentBufferMb', kind: { type: 'int', min: 16, max: 32_767, zeroIsAuto: true }, help: 'sai_options.segment_write_buffer_size of the local nodes in MiB (0: an eighth of the heap, 32..512; Cassandra\'s own default 1024 overran a 1 GiB heap)' },
  { path: 'local.cqlPort', kind: { type: 'int', min: 1, max: 65_535 }, help: 'CQL port of the local nodes' },
  { path: 'local.storagePort', kind: { type: 'int', min: 1, max: 65_535 }, help: 'inter-node port of the local nodes' },
  { path: 'local.jmxPortBase', kind: { type: 'int', min: 1, max: 65_000 }, help: 'JMX port of local node 1 (node N uses base+N-1)' },
  { path: 'local.javaHome', kind: { type: 'string' }, help: 'JDK 17 to run Cassandra with (empty: find /usr/lib/jvm/java-17-*)' },
  { path: 'local.version', kind: { type: 'string', nonEmpty: true }, help: 'org.apache.cassandra:cassandra-all version resolved from Maven Central' },
  { path: 'local.startTimeoutSec', kind: { type: 'int', min: 10, max: 3600 }, help: 'how long to wait for a local node to answer CQL' },
  { path: 'local.restartLimit', kind: { type: 'int', min: 0, max: 100 }, help: 'restarts of a local node that exited on its own within restartWindowMin, after which siptrail stops restarting it and says why (0: never restart)' },
  { path: 'local.restartWindowMin', kind: { type: 'int', min: 1, max: 1440 }, help: 'minutes over which restarts of a local node are counted against restartLimit' },
  { path: 'local.restartDelaySec', kind: { type: 'int', min: 1, max: 300 }, help: 'seconds before a local node that exited is restarted; doubled for each further exit within restartWindowMin, at most 60 (or this, if larger)' },
  { path: 'capture.hepUdp', kind: { type: 'list', item: 'hostport' }, help: 'UDP addresses receiving HEP (empty: none)' },
  { path: 'capture.hepTcp', kind: { type: 'list', item: 'hostport' }, help: 'TCP addresses receiving HEP3 streams (empty: none)' },
  { path: 'capture.hepTls', kind: { type: 'list', item: 'hostport' }, help: 'TLS addresses receiving HEP3 streams (needs tlsCert and tlsKey)' },
  { path: 'capture.tlsCert', kind: { type: 'string' }, help: 'PEM certificate file of the TLS listener' },
  { path: 'capture.tlsKey', kind: { type: 'string' }, help: 'PEM private key file of the TLS listener' },
  { path: 'capture.location', kind: { type: 'string', nonEmpty: true }, help: 'name of this capture point, stored with every message' },
  { path: 'capture.nodeName', kind: { type: 'string' }, help: 'name of this capture node (empty: the host name)' },
  { path: 'capture.authKey', kind: { type: 'string' }, help: 'HEP auth key every packet must carry (empty: none required)' },
  { path: 'capture.allowNetworks', kind: { type: 'list', item: 'cidr' }, help: 'sender networks allowed to send HEP, e.g. 10.0.0.0/8 (empty: all)' },
  { path: 'capture.ipipInterface', kind: { type: 'string' }, help: 'interface to read IP-in-IP mirrored SIP from with libpcap (empty: off)' },
  { path: 'capture.correlationHeaders', kind: { type: 'list' }, help: 'SIP headers whose value links B2B legs' },
  { path: 'capture.extraHeaders', kind: { type: 'list' }, help: 'further SIP headers stored with each message and searchable' },
  { path: 'capture.b2bSuffix', kind: { type: 'regex' }, help: 'regular expression of a Call-ID suffix added by a B2BUA (empty: none)' },
  { path: 'capture.maxMessageBytes', kind: { type: 'int', min: 1500, max: 65_536 }, help: 'largest SIP message stored' },
  { path: 'capture.batchSize', kind: { type: 'int', min: 1, max: 10_000 }, help: 'rows written per batch' },
  { path: 'capture.flushMs', kind: { type: 'int', min: 1, max: 60_000 }, help: 'longest a row waits before its batch is written' },
  { path: 'capture.maxQueue', kind: { type: 'int', min: 100, max: 10_000_000 }, help: 'rows held in memory before new ones go to the spool' },
  { path: 'capture.writeConcurrency', kind: { type: 'int', min: 1, max: 1024 }, help: 'Cassandra requests in flight' },
  { path: 'capture.spoolDir', kind: { type: 'string', nonEmpty: true }, help: 'folder of the on-disk spool used while Cassandra is slow or down' },
  { path: 'capture.spoolMaxMb', kind: { type: 'int', min: 1, max: 1_000_000 }, help: 'spool size limit; beyond it rows are dropped and counted' },
  { path: 'capture.spoolFsync', kind: { type: 'enum', values: ['always', 'interval', 'never'] }, help: 'fsync the spool after every append, once a second, or never' },
  { path: 'http.listen', kind: { type: 'hostport' }, help: 'address of the HTTP API, UI, /health and /metrics' },
  { path: 'query.adminUser', kind: { type: 'string', nonEmpty: true }, help: 'name of the first admin, created at start-up when no user exists' },
  { path: 'query.adminPassword', kind: { type: 'string' }, help: 'password of that first admin (empty: a generated one, printed once in the log)' },
  { path: 'query.sessionHours', kind: { type: 'int', min: 1, max: 720 }, help: 'how long a login lasts' },
  { path: 'agent.interface', kind: { type: 'string', nonEmpty: true }, help: 'network interface the agent captures SIP on with libpcap (any: every interface)' },
  { path: 'agent.filter', kind: { type: 'string', nonEmpty: true }, help: 'BPF filter selecting the SIP traffic the agent captures' },
  { path: 'agent.targets', kind: { type: 'list', item: 'hostport' }, help: 'capture nodes the agent sends HEP to (host:port, comma separated); one call goes to one node' },
  { path: 'agent.transport', kind: { type: 'enum', values: ['udp', 'tcp'] }, help: 'HEP transport of the agent; tcp notices a dead capture node at once, udp through agent.probe' },
  { path: 'agent.hepVersion', kind: { type: 'int', min: 1, max: 3 }, help: 'HEP version the agent sends (1 and 2: UDP only, without auth key, node name or compression)' },
  { path: 'agent.captureId', kind: { type: 'int', min: 0, max: 4_294_967_295 }, help: 'capture agent id sent with every packet (HEP2: at most 65535)' },
  { path: 'agent.nodeName', kind: { type: 'string' }, help: 'node name sent with every packet (empty: the host name)' },
  { path: 'agent.authKey', kind: { type: 'string' }, help: 'HEP auth key sent with every packet (empty: none)' },
  { path: 'agent.compress', kind: { type: 'bool' }, help: 'send SIP payloads zlib-compressed (HEP3 chunk 0x0010)' },
  { path: 'agent.probe', kind: { type: 'enum', values: ['tcp', 'none'] }, help: 'health check of UDP targets: tcp connects to the target host:port (the HEP TCP listener) every probeIntervalMs; none: always up' },
  { path: 'agent.probeIntervalMs', kind: { type: 'int', min: 100, max: 60_000 }, help: 'interval of the UDP health probe and of TCP reconnect attempts' },
  { path: 'agent.resendMs', kind: { type: 'int', min: 0, max: 60_000 }, help: 'on failover, HEP sent to the failed node this recently is sent again to the next node (the store folds the copies)' },
  { path: 'agent.bufferPackets', kind: { type: 'int', min: 100, max: 10_000_000 }, help: 'HEP messages held while no capture node takes them; beyond it the oldest are dropped and counted' },
  { path: 'agent.tcpMaxFlows', kind: { type: 'int', min: 1, max: 1_000_000 }, help: 'SIP-over-TCP connections followed at once; the least recently active is dropped first' },
  { path: 'agent.tcpMaxFlowBytes', kind: { type: 'int', min: 1500, max: 16_777_216 }, help: 'bytes held per SIP-over-TCP connection while a message is incomplete' },
  { path: 'agent.tcpFlowTimeoutSec', kind: { type: 'int', min: 1, max: 86_400 }, help: 'a SIP-over-TCP connection idle this long is forgotten' },
  { path: 'agent.httpListen', kind: { type: 'hostport' }, help: 'address of the agent\'s /health and /metrics' },
  { path: 'log.level', kind: { type: 'enum', values: ['error', 'warn', 'info', 'debug'] }, help: 'log level' },
  { path: 'log.format', kind: { type: 'enum', values: ['auto', 'json', 'pretty'] }, help: 'auto: pretty on a terminal, JSON otherwise' },
];

/** Defaults: a single local Cassandra node, HEP on 9060, HTTP on 8080. */
export function defaultConfig(): Config {
  return {
    cassandra: {
      mode: 'local',
      contactPoints: ['127.0.0.1:9042'],
      localDataCenter: 'datacenter1',
      username: '',
      password: '',
      keyspace: 'siptrail',
      replication: 'simple',
      replicationFactor: 1,
      retentionDays: 14,
      writeConsistency: 'LOCAL_ONE',
      readConsistency: 'LOCAL_ONE',
      connectTimeoutMs: 30_000,
    },
    local: {
      dir: '.siptrail',
      libDir: '',
      nodes: 1,
      heapMb: 0,
      saiSegmentBufferMb: 0,
      nice: 10,
      cqlPort: 9042,
      storagePort: 7000,
      jmxPortBase: 7199,
      javaHome: '',
      version: '5.0.8',
      startTimeoutSec: 180,
      restartLimit: 5,
      restartWindowMin: 10,
      restartDelaySec: 2,
    },
    capture: {
      hepUdp: ['0.0.0.0:9060'],
      hepTcp: ['0.0.0.0:9060'],
      hepTls: [],
      tlsCert: '',
      tlsKey: '',
      location: 'default',
      nodeName: '',
      authKey: '',
      allowNetworks: [],
      ipipInterface: '',
      correlationHeaders: ['X-CID'],
      extraHeaders: [],
      b2bSuffix: '_b2b-\\d+$',
      maxMessageBytes: 65_536,
      batchSize: 200,
      flushMs: 50,
      maxQueue: 100_000,
      writeConcurrency: 64,
      spoolDir: '.siptrail/spool',
      spoolMaxMb: 2048,
      spoolFsync: 'interval',
    },
    http: { listen: '0.0.0.0:8080' },
    query: { adminUser: 'admin', adminPassword: '', sessionHours: 12 },
    agent: {
      interface: 'any',
      filter: 'port 5060',
      targets: ['127.0.0.1:9060'],
      transport: 'udp',
      hepVersion: 3,
      captureId: 2001,
      nodeName: '',
      authKey: '',
      compress: false,
      probe: 'tcp',
      probeIntervalMs: 1000,
      resendMs: 3000,
      bufferPackets: 100_000,
      tcpMaxFlows: 10_000,
      tcpMaxFlowBytes: 262_144,
      tcpFlowTimeoutSec: 300,
      httpListen: '0.0.0.0:8081',
    },
    log: { level: 'info', format: 'auto' },
  };
}
