// The Cassandra factory: every storage interface over one keyspace-bound client. The
// caller (src/cli/) connects and shuts the client down; the stores only use it.
import type cassandra from 'cassandra-driver';
import type { Consistency } from '../../config/types.js';
import type { Stores } from '../stores.js';
import { CassandraDirectory } from './directory.js';
import { cassandraHealth } from './health.js';
import { CassandraMessageReader } from './reader.js';
import { CassandraUserStore } from './users.js';
import { CassandraMessageWriter } from './writer.js';

/** How the message tables are read and written (the cassandra config section fits). */
export interface CassandraStoreOptions {
  readConsistency: Consistency;
  writeConsistency: Consistency;
  /** Write requests (unlogged batches) one write call keeps in flight; the writer's default when absent. */
  writeConcurrency?: number;
}

/** The Cassandra implementation of every storage interface, over `client` (bound to the keyspace). */
export function cassandraStores(client: cassandra.Client, opts: CassandraStoreOptions): Stores {
  return {
    writer: new CassandraMessageWriter(client, { consistency: opts.writeConsistency, concurrency: opts.writeConcurrency }),
    reader: new CassandraMessageReader(client, opts.readConsistency),
    users: new CassandraUserStore(client),
    directory: new CassandraDirectory(client),
    health: cassandraHealth(client),
  };
}
