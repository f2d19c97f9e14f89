// The whole set of storage contracts one process gets: what the factories return
// (store/cassandra/stores.ts for the product, store/memory/stores.ts for tests) and what
// the composition root (src/cli/) hands to each role: capture takes the write side and the
// location registry, query the read side, users and the directory.
import type { Directory } from './directory.js';
import type { HealthCheck } from './health.js';
import type { MessageReader, MessageWriter } from './types.js';
import type { UserStore } from './users.js';

/** Every storage interface, over one store. */
export interface Stores {
  /** Writes messages (capture). */
  writer: MessageWriter;
  /** Reads and searches messages (query). */
  reader: MessageReader;
  users: UserStore;
  directory: Directory;
  /** Whether the store answers now (the storage monitor polls it). */
  health: HealthCheck;
}
