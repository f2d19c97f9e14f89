// The memory factory: every storage interface in memory, for unit tests of the roles and
// services above the store. The concrete stores are returned too, for their test switches
// (MemoryMessageStore.setDown, failNext, ...).
import type { Stores } from '../stores.js';
import { MemoryDirectory } from './memory-directory.js';
import { MemoryMessageStore } from './memory-store.js';
import { MemoryUserStore } from './memory-user-store.js';

/** The memory stores, typed as the concrete classes. */
export interface MemoryStores extends Stores {
  messages: MemoryMessageStore;
  users: MemoryUserStore;
  directory: MemoryDirectory;
}

/** Fresh, empty memory stores. Health follows the message store: down while it is set down. */
export function memoryStores(): MemoryStores {
  const messages = new MemoryMessageStore();
  return {
    messages,
    writer: messages,
    reader: messages,
    users: new MemoryUserStore(),
    directory: new MemoryDirectory(),
    // As the Cassandra check runs a trivial query: any read that fails says why.
    health: async () => {
      try {
        await messages.getCall('1970-01-01', '');
        return { ok: true };
      } catch (err) {
        return { ok: false, reason: `memory store unreachable: ${(err as Error).message}` };
      }
    },
  };
}
