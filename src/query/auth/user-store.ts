// Where siptrail's users live. The service above only knows this interface; the Cassandra
// store is the product, the memory store serves unit tests (the Unleash layering).
import { fail, ok, type Result } from '../../util/result.js';

/** What a user may do: viewers search and read, admins also manage users and aliases. */
export type Role = 'admin' | 'viewer';

/** Every role, for validating input. */
export const ROLES: readonly Role[] = ['admin', 'viewer'];

/** One stored user; `passwordHash` is an encoded scrypt hash (see password.ts), never a password. */
export interface User {
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
}

/** Persistence of users, keyed by exact username. */
export interface UserStore {
  /** The user, or null when there is none. */
  get(username: string): Promise<User | null>;
  /** Every user, in no particular order. */
  list(): Promise<User[]>;
  /** Creates or replaces the user with this username. */
  put(user: User): Promise<void>;
  /** Removes the user; true when one existed. */
  delete(username: string): Promise<boolean>;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Accepts 1-64 characters of letters, digits and `. _ @ -` (so an e-mail address fits). */
export function checkUsername(name: unknown): Result<string, 'invalid-username'> {
  if (typeof name !== 'string') return fail('invalid-username', 'username must be a string');
  if (USERNAME.test(name)) return ok(name);
  const shown = JSON.stringify(name.length > 70 ? `${name.slice(0, 64)}...` : name);
  if (name.length === 0 || name.length > 64) return fail('invalid-username', `username ${shown} must be 1 to 64 characters long`);
  return fail('invalid-username', `username ${shown} may only contain letters, digits and . _ @ -`);
}

/** Accepts 'admin' or 'viewer'. */
export function checkRole(role: unknown): Result<Role, 'invalid-role'> {
  if (typeof role === 'string' && (ROLES as readonly string[]).includes(role)) return ok(role as Role);
  return fail('invalid-role', `role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(role)}`);
}
