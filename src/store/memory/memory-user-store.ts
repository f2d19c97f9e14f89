// The in-memory UserStore (store/users.ts) for unit tests of the layers above. It copies
// users in and out so a caller mutating what it got cannot change stored state, as with a
// real database; like the Cassandra store it takes any username (the auth service checks
// names before they reach a store). Nothing here waits: each method settles its promise at
// once (util/settled.ts).
import { settled } from '../../util/settled.js';
import type { User, UserStore } from '../users.js';

const copy = (u: User): User => ({ ...u, createdAt: new Date(u.createdAt.getTime()) });

/** A UserStore held in a Map; optional seed users. */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();
  /** Ended sessions: id -> when the record lapses (ms). */
  private readonly revoked = new Map<string, number>();

  constructor(seed: User[] = []) {
    for (const u of seed) this.users.set(u.username, copy(u));
  }

  /** One user, or null. */
  get(username: string): Promise<User | null> {
    const u = this.users.get(username);
    return Promise.resolve(u ? copy(u) : null);
  }

  /** Every user, by name. */
  list(): Promise<User[]> {
    return Promise.resolve([...this.users.values()].map(copy).sort((a, b) => a.username.localeCompare(b.username)));
  }

  /** Creates or replaces a user. */
  put(user: User): Promise<void> {
    return settled(() => {
      this.users.set(user.username, copy(user));
    });
  }

  /** Removes a user; true when it existed. */
  delete(username: string): Promise<boolean> {
    return Promise.resolve(this.users.delete(username));
  }

  /** Records an ended session for `ttlSec` seconds. */
  revokeSession(id: string, ttlSec: number): Promise<void> {
    return settled(() => {
      const now = Date.now();
      for (const [k, until] of this.revoked) if (until <= now) this.revoked.delete(k);
      this.revoked.set(id, now + ttlSec * 1000);
    });
  }

  /** Whether the session was ended (and the record has not lapsed). */
  sessionRevoked(id: string): Promise<boolean> {
    return Promise.resolve((this.revoked.get(id) ?? 0) > Date.now());
  }
}
