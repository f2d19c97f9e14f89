// Checks of user input before it reaches the UserStore (store/users.ts): usernames and roles
// as the API, the CLI and session tokens accept them.
import { ROLES, type Role } from '../../store/users.js';
import { fail, ok, type Result } from '../../util/result.js';

const USERNAME = /^[\w.@-]{1,64}$/;

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
