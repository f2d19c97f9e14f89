// The conformance suite against the memory stores (the Cassandra run is in test/integration).
import { storeConformance } from './conformance.test-helper.js';
import { memoryStores } from './memory/stores.js';

storeConformance('memory stores', () => Promise.resolve({ stores: memoryStores(), close: () => Promise.resolve() }));
