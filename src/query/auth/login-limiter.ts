// Login rate limiting, counted per username and per client (IPv4 address or IPv6 /64).
// After `maxFailures` failures inside `windowSec`, the key is locked for `baseLockSec`; every
// further failure after that doubles the lock, up to `maxLockSec`, until the key has been
// quiet (no failure, no lock) for a whole window. So a password guesser gets 5 tries, then
// one more after waits of 1, 2, 4 and 8 minutes, then one every 15 minutes. Memory is bounded by an LRU per kind of key; evicting an entry only forgets it.
//
// An attempt is counted when it starts, before its password is hashed (begin()): attempts
// still being hashed count as failures, so 50 parallel guesses get the same 5 tries as 50
// in a row. Attempts in flight are also capped per client and in all, so a flood cannot
// fill the hashing threads; the attempts over a cap are refused at once (429).
//
// Counting per username lets anyone lock a known user out for up to maxLockSec by failing
// on purpose; that is the usual price of stopping distributed guessing against one account.
import { LRUCache } from 'lru-cache';
import { clientKey, siteKey } from './client-key.js';

/** Tuning of the limiter; the defaults are the documented policy. */
export interface LimiterOptions {
  /** Failures inside the window that lock a key (5). */
  maxFailures?: number;
  /** Sliding window the failures are counted in, seconds (900). */
  windowSec?: number;
  /** First lock, seconds (60); doubled per further failure. */
  baseLockSec?: number;
  /** Longest lock, seconds (900). */
  maxLockSec?: number;
  /** Usernames and clients remembered, each (10000). */
  maxEntries?: number;
  /** Attempts of one client being checked at once (2). */
  maxInFlightPerClient?: number;
  /** Attempts being checked at once on this node (8; scrypt runs on libuv's 4 threads). */
  maxInFlight?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/** A login attempt let through: its password may now be checked; end() once with how it went. */
export interface Attempt {
  /** `failed` counts against both keys (and may lock them); `succeeded` clears the username's count; `neither` (a right password for a disabled user) only ends it. */
  end(outcome: 'failed' | 'succeeded' | 'neither'): LimitDecision;
}

/** begin()'s answer: an attempt to check, or how long to wait. */
export type AttemptDecision = { allowed: true; attempt: Attempt } | { allowed: false; retryAfterSec: number };

/** Whether an attempt may go ahead, and if not, how long to wait (whole seconds, >= 1). */
export interface LimitDecision { allowed: boolean; retryAfterSec: number }

interface Entry { fails: number[]; lockedUntil: number; lockouts: number }

/** Per-username and per-client login failure counting with exponential lock-out. */
export class LoginLimiter {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly now: () => number;
  private readonly users: LRUCache<string, Entry>;
  private readonly clients: LRUCache<string, Entry>;
  /** IPv6 sites (/48), counted together with a larger allowance (SITE_FACTOR times). */
  private readonly sites: LRUCache<string, Entry>;
  private readonly maxPerClient: number;
  private readonly maxInFlight: number;
  /** Attempts being checked, by username key and by client key (only keys with some). */
  private readonly busyUsers = new Map<string, number>();
  private readonly busyClients = new Map<string, number>();
  private inFlight = 0;

  constructor(opts: LimiterOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.windowMs = (opts.windowSec ?? 900) * 1000;
    this.baseLockMs = (opts.baseLockSec ?? 60) * 1000;
    this.maxLockMs = (opts.maxLockSec ?? 900) * 1000;
    this.now = opts.now ?? Date.now;
    this.maxPerClient = opts.maxInFlightPerClient ?? 2;
    this.maxInFlight = opts.maxInFlight ?? 8;
    const now = this.now;
    // An entry is dead once its longest lock and then a quiet window have passed.
    const cache = () => new LRUCache<string, Entry>({
      max: opts.maxEntries ?? 10_000,
      ttl: this.windowMs + this.maxLockMs,
      perf: { now },
      ttlResolution: 0,
    });
    this.users = cache();
    this.clients = cache();
    this.sites = cache();
  }

  /** May this username try to log in from this client now? */
  check(username: string, ip: string): LimitDecision {
    const now = this.now();
    const site = siteKey(ip);
    const until = Math.max(this.users.get(userKey(username))?.lockedUntil ?? 0, this.clients.get(clientKey(ip))?.lockedUntil ?? 0, site ? (this.sites.get(site)?.lockedUntil ?? 0) : 0);
    return decision(until, now);
  }

  /**
   * Starts an attempt: refused while either key is locked, while its recent failures plus
   * the attempts still being checked reach the limit (a hot key: one at a time), or while
   * the client or the node has too many attempts in flight.
   */
  begin(username: string, ip: string): AttemptDecision {
    const now = this.now();
    const user = userKey(username);
    const client = clientKey(ip);
    const locked = this.check(username, ip);
    if (!locked.allowed) return { allowed: false, retryAfterSec: locked.retryAfterSec };
    const busyUser = this.busyUsers.get(user) ?? 0;
    const busyClient = this.busyClients.get(client) ?? 0;
    const full = (e: Entry | undefined, busy: number) => (e && e.lockouts > 0 ? busy >= 1 : this.recent(e, now) + busy >= this.maxFailures);
    if (full(this.users.get(user), busyUser) || full(this.clients.get(client), busyClient) || busyClient >= this.maxPerClient || this.inFlight >= this.maxInFlight) {
      return { allowed: false, retryAfterSec: 1 };
    }
    this.busyUsers.set(user, busyUser + 1);
    this.busyClients.set(client, busyClient + 1);
    this.inFlight++;
    let ended = false;
    return {
      allowed: true,
      attempt: {
        end: (outcome) => {
          if (!ended) {
            ended = true;
            release(this.busyUsers, user);
            release(this.busyClients, client);
            this.inFlight--;
          }
          if (outcome === 'failed') return this.recordFailure(username, ip);
          if (outcome === 'succeeded') this.recordSuccess(username);
          return { allowed: true, retryAfterSec: 0 };
        },
      },
    };
  }

  /** Failures of an entry inside the window that ends now. */
  private recent(e: Entry | undefined, now: number): number {
    return e ? e.fails.filter((t) => t > now - this.windowMs).length : 0;
  }

  /** Counts a failed attempt against both keys; answers for the next attempt. */
  recordFailure(username: string, ip: string): LimitDecision {
    const now = this.now();
    const a = this.fail(this.users, userKey(username), now, this.maxFailures);
    const b = this.fail(this.clients, clientKey(ip), now, this.maxFailures);
    const site = siteKey(ip);
    const c = site ? this.fail(this.sites, site, now, this.maxFailures * SITE_FACTOR) : 0;
    return decision(Math.max(a, b, c), now);
  }

  /** A successful login clears the username's count (not the client's: one client may try many names). */
  recordSuccess(username: string): void {
    this.users.delete(userKey(username));
  }

  private fail(cache: LRUCache<string, Entry>, key: string, now: number, maxFailures: number): number {
    let e = cache.get(key) ?? { fails: [], lockedUntil: 0, lockouts: 0 };
    // Quiet for a whole window since the last failure and since the lock ended: start over.
    const last = Math.max(e.fails.at(-1) ?? 0, e.lockedUntil);
    if (now - last >= this.windowMs) e = { fails: [], lockedUntil: 0, lockouts: 0 };
    e.fails = e.fails.filter((t) => t > now - this.windowMs);
    e.fails.push(now);
    if (e.fails.length > maxFailures) e.fails.shift();
    // Once locked, the key stays hot: every further failure locks again, twice as long.
    if (e.lockouts > 0 || e.fails.length >= maxFailures) {
      e.lockedUntil = now + Math.min(this.baseLockMs * 2 ** e.lockouts, this.maxLockMs);
      e.lockouts = Math.min(e.lockouts + 1, 30);
    }
    cache.set(key, e);
    return e.lockedUntil;
  }
}

// Case-folded (a guesser must not get fresh counts by changing case) and cut short (a
// hostile megabyte-long name must not be held as a key); valid names are at most 64 chars.
const userKey = (username: string): string => username.slice(0, 65).toLowerCase();

/** An IPv6 /48 may fail this many times the allowance of one client before it is locked. */
const SITE_FACTOR = 4;

function release(busy: Map<string, number>, key: string): void {
  const n = (busy.get(key) ?? 1) - 1;
  if (n <= 0) busy.delete(key);
  else busy.set(key, n);
}

function decision(lockedUntil: number, now: number): LimitDecision {
  if (lockedUntil <= now) return { allowed: true, retryAfterSec: 0 };
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((lockedUntil - now) / 1000)) };
}
