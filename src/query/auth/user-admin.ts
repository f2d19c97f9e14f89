// Pure rules of user administration: what a change may be, and that the system never ends
// up without an enabled admin (nobody could then manage users from the UI).
//
// The check reads the user list, then writes: two admins demoting each other at the same
// instant on two nodes could both pass. Rare enough for an admin screen; the CLI can
// always create a new admin.
import { fail, ok, type Result } from '../../util/result.js';
import { checkPassword } from './password.js';
import type { Role, User } from '../../store/users.js';
import { checkRole } from './user-checks.js';

/** A user as the API shows it: never the hash. */
export interface PublicUser { username: string; role: Role; disabled: boolean; createdAt: Date }

/** Fields an admin may change; unknown values are checked, not trusted. */
export interface UserPatch { role?: unknown; password?: unknown; disabled?: unknown }

/** Why an administrative change was refused. */
export type AdminReason = 'invalid' | 'not-found' | 'exists' | 'last-admin';

/** Strips the password hash. */
export function publicUser(u: User): PublicUser {
  return { username: u.username, role: u.role, disabled: u.disabled, createdAt: u.createdAt };
}

const enabledAdmin = (u: { role: Role; disabled: boolean }): boolean => u.role === 'admin' && !u.disabled;

/** Validates a patch (or a deletion) of `current` against every user; returns the new role and disabled. */
export function planChange(current: User, change: UserPatch | 'delete', all: User[]): Result<{ role: Role; disabled: boolean }, AdminReason> {
  let after: { role: Role; disabled: boolean } | null = null;
  if (change !== 'delete') {
    if (change.role === undefined && change.password === undefined && change.disabled === undefined) {
      return fail('invalid', 'nothing to change: give role, password or disabled');
    }
    const role = change.role === undefined ? ok(current.role) : checkRole(change.role);
    if (!role.ok) return fail('invalid', role.detail);
    if (change.disabled !== undefined && typeof change.disabled !== 'boolean') return fail('invalid', 'disabled must be true or false');
    if (change.password !== undefined) {
      const pw = checkPassword(change.password);
      if (!pw.ok) return fail('invalid', pw.detail);
    }
    after = { role: role.value, disabled: change.disabled ?? current.disabled };
  }
  const losesAdmin = enabledAdmin(current) && (after === null || !enabledAdmin(after));
  const others = all.filter((u) => u.username !== current.username && enabledAdmin(u)).length;
  if (losesAdmin && others === 0) {
    const what = after === null ? 'delete' : after.disabled ? 'disable' : 'demote';
    return fail('last-admin', `cannot ${what} ${current.username}: it is the last enabled admin`);
  }
  return ok(after ?? { role: current.role, disabled: current.disabled });
}
