// The one typed configuration of a siptrail process, derived from the section declarations
// (fields.ts, sections/). Built once by load.ts from defaults, then a file, then SIPTRAIL_*
// environment variables, then flags, and passed down explicitly: nothing deeper reads process.env.
import type { ConfigOf } from './section.js';
import type { SECTIONS } from './fields.js';

/** Everything a siptrail process needs, one section per module. */
export type Config = ConfigOf<typeof SECTIONS>;
/** Connection to Cassandra and the shape of the keyspace siptrail writes. */
export type CassandraConfig = Config['cassandra'];
/** The Cassandra nodes siptrail installs and runs itself (mode `local`). */
export type LocalCassandraConfig = Config['local'];
/** The capture role: where HEP arrives and what each row is tagged with. */
export type CaptureConfig = Config['capture'];
/** The HTTP API, UI and health endpoint. */
export type HttpConfig = Config['http'];
/** The query role: users and sessions. */
export type QueryConfig = Config['query'];
/** The capture agent: libpcap on a host without HEP, sending HEP to capture nodes. */
export type AgentConfig = Config['agent'];
/** Logging. */
export type LogConfig = Config['log'];
/** What a configuration file may hold: any sections, any of their keys. */
export type ConfigFile = { [S in keyof Config]?: Partial<Config[S]> };
/** Where Cassandra comes from: a local node siptrail runs itself, or a cluster the user runs. */
export type CassandraMode = CassandraConfig['mode'];
/** Cassandra consistency levels siptrail accepts for reads and writes. */
export type Consistency = CassandraConfig['readConsistency'];
/** Log output format; `auto` is pretty on a terminal and JSON otherwise. */
export type LogFormat = LogConfig['format'];
/** Log levels, most severe first. */
export type LogLevel = LogConfig['level'];
