// The users table's contract: who may log in, with which role. The query tier's auth
// service is the only reader and writer; the Cassandra store is the product
// (store/cassandra/users.ts), the memory store serves unit tests (store/memory/).

/** What a user may do: viewers search and read, admins also manage users and aliases. */
export type Role = 'admin' | 'viewer';

/** Every role, for validating input. */
export const ROLES: readonly Role[] = ['admin', 'viewer'];

/** One stored user; `passwordHash` is an encoded scrypt hash (see query/auth/password.ts), never a password. */
export interface User {
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
}

/** Persistence of users, keyed by exact username, and of sessions ended before their expiry. */
export interface UserStore {
  /** The user, or null when there is none. */
  get(username: string): Promise<User | null>;
  /** Every user, in no particular order. */
  list(): Promise<User[]>;
  /** Creates or replaces the user with this username. */
  put(user: User): Promise<void>;
  /** Removes the user; true when one existed. */
  delete(username: string): Promise<boolean>;
  /** Records that the session `id` ended (logout); kept `ttlSec` seconds, until its token would have expired. */
  revokeSession(id: string, ttlSec: number): Promise<void>;
  /** Whether the session `id` was ended. */
  sessionRevoked(id: string): Promise<boolean>;
}
