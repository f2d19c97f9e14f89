// The same conformance suite as the memory stores (src/store/conformance.test.ts), run
// against the Cassandra stores the factory builds, on a throw-away keyspace.
import { storeConformance } from '../../src/store/conformance.test-helper.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import { testKeyspace } from '../support/test-cassandra.js';

storeConformance('Cassandra stores', async () => {
  const ks = await testKeyspace('conf');
  return {
    stores: cassandraStores(ks.client, { readConsistency: 'LOCAL_ONE', writeConsistency: 'LOCAL_ONE' }),
    close: ks.drop,
  };
});
