// The `cassandra` section: how siptrail reaches Cassandra and the shape of its keyspace
// (read by the store, the migrator and every role that connects).
import { int, list, oneOf, section, text } from '../section.js';

const CONSISTENCY = ['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'] as const;

/** Connection to Cassandra and the keyspace siptrail writes. */
export const cassandraSection = section({
  name: 'cassandra',
  help: 'connection to Cassandra and the shape of the keyspace',
  keys: {
    mode: oneOf({ values: ['local', 'external'], default: 'local', help: 'local: siptrail installs and runs Cassandra itself; external: connect to contactPoints' }),
    contactPoints: list({ item: 'hostport', default: ['127.0.0.1:9042'], help: 'Cassandra nodes to connect to (host or host:port), comma separated' }),
    localDataCenter: text({ nonEmpty: true, default: 'datacenter1', help: 'data centre of the contact points (SimpleSnitch: datacenter1)' }),
    username: text({ default: '', help: 'Cassandra user (empty: no authentication)' }),
    password: text({ default: '', help: 'Cassandra password' }),
    keyspace: text({ nonEmpty: true, default: 'siptrail', help: 'keyspace holding every siptrail table' }),
    replication: oneOf({ values: ['simple', 'network'], default: 'simple', help: 'simple: SimpleStrategy; network: NetworkTopologyStrategy in localDataCenter' }),
    replicationFactor: int({ min: 1, max: 9, default: 1, help: 'copies of each row (3 for a production cluster)' }),
    retentionDays: int({ min: 1, max: 3650, default: 14, help: 'days a message is kept (table TTL), applied at every migrate' }),
    writeConsistency: oneOf({ values: CONSISTENCY, default: 'LOCAL_ONE', help: 'consistency of writes' }),
    readConsistency: oneOf({ values: CONSISTENCY, default: 'LOCAL_ONE', help: 'consistency of reads' }),
    connectTimeoutMs: int({ min: 100, max: 600_000, default: 30_000, help: 'how long to wait for Cassandra at start-up' }),
  },
});
