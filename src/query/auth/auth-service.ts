// Users, logins and sessions, composed from a UserStore, password hashing, signed tokens and
// the login limiter. Knows nothing about HTTP; the routes and middleware translate.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { fail, ok, type Result } from '../../util/result.js';
import { LoginLimiter } from './login-limiter.js';
import { characters, checkPassword, DEFAULT_SCRYPT, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword, type ScryptParams } from './password.js';
import { issueToken, verifyToken } from './session-token.js';
import type { Role, User, UserStore } from '../../store/users.js';
import { checkRole, checkUsername } from './user-checks.js';
import { planChange, type AdminReason, type PublicUser, type UserPatch, publicUser } from './user-admin.js';

export type { AdminReason, PublicUser, UserPatch } from './user-admin.js';

/** Default session length: 12 hours, one working shift. */
export const DEFAULT_TOKEN_TTL_SEC = 12 * 3600;

/** Wiring of an AuthService. */
export interface AuthOptions {
  /** HMAC secret shared by every query node (>= 32 bytes). */
  secret: Buffer;
  /** Session length in seconds (12 h). */
  tokenTtlSec?: number;
  /** How long a user read for authenticate() is reused, ms (10 000). */
  userCacheTtlMs?: number;
  limiter?: LoginLimiter;
  /** Cost of new hashes; lower only in tests. */
  scrypt?: ScryptParams;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/** Who a request acts for. */
export interface SessionUser { username: string; role: Role }

/** Result of a login; rate-limited refusals say how long to wait. */
export type LoginResult =
  | { ok: true; value: SessionUser & { token: string } }
  | { ok: false; reason: 'bad-credentials' | 'disabled'; detail: string }
  | { ok: false; reason: 'rate-limited'; detail: string; retryAfterSec: number };

// Ties a token to the password it was issued under: changing the password (or deleting and
// re-creating the user) ends every older session.
const stampOf = (u: User): string => createHash('sha256').update(u.passwordHash).digest('base64url').slice(0, 16);

/** Login, session checks and user administration. */
export class AuthService {
  readonly tokenTtlSec: number;
  private readonly secret: Buffer;
  private readonly limiter: LoginLimiter;
  private readonly scrypt: ScryptParams;
  private readonly now: () => number;
  private readonly users: LRUCache<string, { user: User | null }>;
  /** Ended sessions as this node last read them (session id -> ended?), for the same 10 s as users. */
  private readonly revoked: LRUCache<string, { ended: boolean }>;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly store: UserStore, opts: AuthOptions) {
    this.secret = opts.secret;
    this.tokenTtlSec = opts.tokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC;
    this.now = opts.now ?? Date.now;
    this.limiter = opts.limiter ?? new LoginLimiter({ now: this.now });
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
    const now = this.now;
    // Short enough that disabling a user (or a logout) on one node takes effect everywhere
    // within seconds, long enough that a busy UI does not cost store reads per request.
    const cached = { max: 10_000, ttl: opts.userCacheTtlMs ?? 10_000, perf: { now }, ttlResolution: 0 };
    this.users = new LRUCache({
      ...cached,
      // While the store cannot be read (Cassandra down), a session this node has seen goes on
      // with the user as last read, so the UI can still say why nothing else works (GET
      // /api/v1/status and its banner); a session it has never seen still fails (500, not 401).
      fetchMethod: async (username: string, stale) => {
        try {
          return { user: await this.store.get(username) };
        } catch (err) {
          if (stale) return stale;
          throw err;
        }
      },
    });
    // A logout on another node takes effect here within the cache TTL. While the store
    // cannot be read, a session goes on as last read (or as not ended, if never read).
    this.revoked = new LRUCache({
      ...cached,
      fetchMethod: async (sid: string, stale) => {
        try {
          return { ended: await this.store.sessionRevoked(sid) };
        } catch {
          return stale ?? { ended: false };
        }
      },
    });
  }

  /** Ends the session of `token` on every node until it would have expired; a bad or expired token is ignored. */
  async logout(token: string): Promise<void> {
    const claims = verifyToken(token, this.secret, this.now());
    if (!claims.ok || claims.value.sid === undefined) return;
    const left = claims.value.exp - Math.floor(this.now() / 1000);
    await this.store.revokeSession(claims.value.sid, Math.max(1, left));
    this.revoked.set(claims.value.sid, { ended: true });
  }

  /** Checks a password and issues a token; unknown users cost as much time as known ones. */
  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    // Counted before the hash: parallel guesses get no more tries than sequential ones.
    const gate = this.limiter.begin(username, ip);
    if (!gate.allowed) return { ok: false, reason: 'rate-limited', detail: `too many failed logins, retry in ${gate.retryAfterSec} s`, retryAfterSec: gate.retryAfterSec };
    let outcome: 'failed' | 'succeeded' | 'neither' = 'failed';
    let user: User | null;
    try {
      user = checkUsername(username).ok ? await this.store.get(username) : null;
      const tooLong = characters(password) > MAX_PASSWORD_LENGTH;
      // Verify against a dummy hash when there is no user, so response time does not tell
      // which usernames exist.
      const good = tooLong ? false : await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
      if (!user || !good) return fail('bad-credentials', user ? `wrong password for ${username}` : `no user ${JSON.stringify(username.slice(0, 64))}`);
      outcome = user.disabled ? 'neither' : 'succeeded';
    } catch (err) {
      // The store could not be read: not the guesser's failure, but the attempt ends.
      outcome = 'neither';
      throw err;
    } finally {
      gate.attempt.end(outcome);
    }
    if (user.disabled) return fail('disabled', `user ${username} is disabled`);
    this.users.set(username, { user });
    const token = issueToken({ username, role: user.role, stamp: stampOf(user) }, this.secret, this.tokenTtlSec, this.now());
    return ok({ username, role: user.role, token });
  }

  /** The session a token stands for, or null: bad or expired token, user gone, disabled or re-passworded. */
  async authenticate(token: string): Promise<SessionUser | null> {
    const claims = verifyToken(token, this.secret, this.now());
    if (!claims.ok) return null;
    if (claims.value.sid !== undefined && (await this.revoked.fetch(claims.value.sid))?.ended) return null;
    const hit = await this.users.fetch(claims.value.username);
    const user = hit?.user;
    if (!user || user.disabled || claims.value.stamp !== stampOf(user)) return null;
    // The stored role wins over the token's, so a demotion takes effect within the cache TTL.
    return { username: user.username, role: user.role };
  }

  /** Every user, without password hashes. */
  async listUsers(): Promise<PublicUser[]> {
    return (await this.store.list()).map(publicUser).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** One user without password hash, or null. */
  async getUser(username: string): Promise<PublicUser | null> {
    const u = await this.store.get(username);
    return u ? publicUser(u) : null;
  }

  /** Creates a user; refuses a taken name, a bad name or role, a weak password. */
  async addUser(input: { username: unknown; password: unknown; role: unknown }): Promise<Result<PublicUser, AdminReason>> {
    const name = checkUsername(input.username);
    if (!name.ok) return fail('invalid', name.detail);
    const role = checkRole(input.role);
    if (!role.ok) return fail('invalid', role.detail);
    const pw = checkPassword(input.password);
    if (!pw.ok) return fail('invalid', pw.detail);
    if (await this.store.get(name.value)) return fail('exists', `user ${name.value} already exists`);
    const user: User = { username: name.value, role: role.value, passwordHash: await hashPassword(pw.value, this.scrypt), disabled: false, createdAt: new Date(this.now()) };
    await this.store.put(user);
    this.users.delete(user.username);
    return ok(publicUser(user));
  }

  /** Changes role, password and/or disabled at once; never leaves no enabled admin. */
  async updateUser(username: string, patch: UserPatch): Promise<Result<PublicUser, AdminReason>> {
    const current = await this.store.get(username);
    if (!current) return fail('not-found', `no user ${JSON.stringify(username.slice(0, 64))}`);
    const plan = planChange(current, patch, await this.store.list());
    if (!plan.ok) return plan;
    const next: User = { ...current, ...plan.value };
    if (patch.password !== undefined) next.passwordHash = await hashPassword(patch.password as string, this.scrypt);
    await this.store.put(next);
    this.users.delete(username);
    return ok(publicUser(next));
  }

  /** Sets the role; refuses to demote the last enabled admin. */
  setRole(username: string, role: Role): Promise<Result<PublicUser, AdminReason>> {
    return this.updateUser(username, { role });
  }

  /** Sets a new password (policy checked); ends the user's other sessions. */
  setPassword(username: string, password: string): Promise<Result<PublicUser, AdminReason>> {
    return this.updateUser(username, { password });
  }

  /** Disables or enables; refuses to disable the last enabled admin. */
  setDisabled(username: string, disabled: boolean): Promise<Result<PublicUser, AdminReason>> {
    return this.updateUser(username, { disabled });
  }

  /** Deletes a user; refuses to delete the last enabled admin. */
  async deleteUser(username: string): Promise<Result<true, AdminReason>> {
    const current = await this.store.get(username);
    if (!current) return fail('not-found', `no user ${JSON.stringify(username.slice(0, 64))}`);
    const plan = planChange(current, 'delete', await this.store.list());
    if (!plan.ok) return plan;
    await this.store.delete(username);
    this.users.delete(username);
    return ok(true);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('not a password, only spends the time a real check takes', this.scrypt);
    return this.dummyHash;
  }
}
