// The one typed configuration of a siptrail process. Built once by load.ts from
// defaults, then a file, then SIPTRAIL_* environment variables, then flags, and
// passed down explicitly: nothing deeper reads process.env.

/** Where Cassandra comes from: a local node siptrail runs itself, or a cluster the user runs. */
export type CassandraMode = 'local' | 'external';
/** Cassandra consistency levels siptrail accepts for reads and writes. */
export type Consistency = 'ONE' | 'LOCAL_ONE' | 'QUORUM' | 'LOCAL_QUORUM' | 'ALL';
/** Log output format; `auto` is pretty on a terminal and JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';
/** Log levels, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Connection to Cassandra and the shape of the keyspace siptrail writes. */
export interface CassandraConfig {
  mode: CassandraMode;
  contactPoints: string[];
  localDataCenter: string;
  username: string;
  password: string;
  keyspace: string;
  /** `simple` = SimpleStrategy (one local node); `network` = NetworkTopologyStrategy. */
  replication: 'simple' | 'network';
  replicationFactor: number;
  retentionDays: number;
  writeConsistency: Consistency;
  readConsistency: Consistency;
  connectTimeoutMs: number;
}

/** The Cassandra nodes siptrail installs and runs itself (mode `local`). */
export interface LocalCassandraConfig {
  dir: string;
  libDir: string;
  nodes: number;
  /** MiB; 0: automatic from the machine's memory and the node count. */
  heapMb: number;
  /** MiB of SAI segment buffer; 0: an eighth of the heap. */
  saiSegmentBufferMb: number;
  /** Niceness (0..19) the local nodes run at. */
  nice: number;
  cqlPort: number;
  storagePort: number;
  jmxPortBase: number;
  javaHome: string;
  version: string;
  startTimeoutSec: number;
  /** Restarts of a node that exited on its own within restartWindowMin before the supervisor gives up. */
  restartLimit: number;
  restartWindowMin: number;
  /** Wait before the first restart; it doubles with each further exit within the window. */
  restartDelaySec: number;
}

/** The capture role: where HEP arrives and what each row is tagged with. */
export interface CaptureConfig {
  hepUdp: string[];
  hepTcp: string[];
  hepTls: string[];
  tlsCert: string;
  tlsKey: string;
  location: string;
  nodeName: string;
  authKey: string;
  allowNetworks: string[];
  ipipInterface: string;
  correlationHeaders: string[];
  extraHeaders: string[];
  b2bSuffix: string;
  maxMessageBytes: number;
  batchSize: number;
  flushMs: number;
  maxQueue: number;
  writeConcurrency: number;
  spoolDir: string;
  spoolMaxMb: number;
  spoolFsync: 'always' | 'interval' | 'never';
}

/** The query role: HTTP API, UI and health endpoint. */
export interface HttpConfig {
  listen: string;
}

/** The query role: users and sessions. */
export interface QueryConfig {
  adminUser: string;
  adminPassword: string;
  sessionHours: number;
}

/** The capture agent: libpcap on a host without HEP, sending HEP to capture nodes. */
export interface AgentConfig {
  interface: string;
  filter: string;
  targets: string[];
  transport: 'udp' | 'tcp';
  hepVersion: number;
  captureId: number;
  nodeName: string;
  authKey: string;
  compress: boolean;
  probe: 'tcp' | 'none';
  probeIntervalMs: number;
  resendMs: number;
  bufferPackets: number;
  tcpMaxFlows: number;
  tcpMaxFlowBytes: number;
  tcpFlowTimeoutSec: number;
  httpListen: string;
}

/** Logging. */
export interface LogConfig {
  level: LogLevel;
  format: LogFormat;
}

/** Everything a siptrail process needs, one section per module. */
export interface Config {
  cassandra: CassandraConfig;
  local: LocalCassandraConfig;
  capture: CaptureConfig;
  http: HttpConfig;
  query: QueryConfig;
  agent: AgentConfig;
  log: LogConfig;
}
