// The same conformance suite as the memory store, run against the real Cassandra store.
import { storeConformance } from '../../src/store/conformance.js';
import { CassandraMessageWriter } from '../../src/store/cassandra/writer.js';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { testKeyspace } from '../support/test-cassandra.js';

storeConformance('Cassandra store', async () => {
  const ks = await testKeyspace('conf');
  return {
    writer: new CassandraMessageWriter(ks.client, { consistency: 'LOCAL_ONE' }),
    reader: new CassandraMessageReader(ks.client, 'LOCAL_ONE'),
    close: ks.drop,
  };
});
