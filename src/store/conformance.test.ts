// The conformance suite against the memory stores (the Cassandra run is in test/integration).
import { storeConformance } from './conformance.js';
import { memoryStores } from './memory/stores.js';

storeConformance('memory stores', async () => ({ stores: memoryStores(), close: async () => {} }));
