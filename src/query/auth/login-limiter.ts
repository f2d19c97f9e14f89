// Login rate limiting, counted per username and per client (IPv4 address or IPv6 /64).
// After `maxFailures` failures inside `windowSec`, the key is locked for `baseLockSec`; every
// further failure after that doubles the lock, up to `maxLockSec`, until the key has been
// quiet (no failure, no lock) for a whole window. So a password guesser gets 5 tries, then
// one more after waits of 1, 2, 4 and 8 minutes, then one every 15 minutes. Memory is bounded by an LRU per kind of key; evicting an entry only forgets it.
//
// Counting per username lets anyone lock a known user out for up to maxLockSec by failing
// on purpose; that is the usual price of stopping distributed guessing against one account.
import { LRUCache } from 'lru-cache';
import { clientKey } from './client-key.js';

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
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

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

  constructor(opts: LimiterOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.windowMs = (opts.windowSec ?? 900) * 1000;
    this.baseLockMs = (opts.baseLockSec ?? 60) * 1000;
    this.maxLockMs = (opts.maxLockSec ?? 900) * 1000;
    this.now = opts.now ?? Date.now;
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
  }

  /** May this username try to log in from this client now? */
  check(username: string, ip: string): LimitDecision {
    const now = this.now();
    const until = Math.max(this.users.get(userKey(username))?.lockedUntil ?? 0, this.clients.get(clientKey(ip))?.lockedUntil ?? 0);
    return decision(until, now);
  }

  /** Counts a failed attempt against both keys; answers for the next attempt. */
  recordFailure(username: string, ip: string): LimitDecision {
    const now = this.now();
    const a = this.fail(this.users, userKey(username), now);
    const b = this.fail(this.clients, clientKey(ip), now);
    return decision(Math.max(a, b), now);
  }

  /** A successful login clears the username's count (not the client's: one client may try many names). */
  recordSuccess(username: string): void {
    this.users.delete(userKey(username));
  }

  private fail(cache: LRUCache<string, Entry>, key: string, now: number): number {
    let e = cache.get(key) ?? { fails: [], lockedUntil: 0, lockouts: 0 };
    // Quiet for a whole window since the last failure and since the lock ended: start over.
    const last = Math.max(e.fails.at(-1) ?? 0, e.lockedUntil);
    if (now - last >= this.windowMs) e = { fails: [], lockedUntil: 0, lockouts: 0 };
    e.fails = e.fails.filter((t) => t > now - this.windowMs);
    e.fails.push(now);
    if (e.fails.length > this.maxFailures) e.fails.shift();
    // Once locked, the key stays hot: every further failure locks again, twice as long.
    if (e.lockouts > 0 || e.fails.length >= this.maxFailures) {
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

function decision(lockedUntil: number, now: number): LimitDecision {
  if (lockedUntil <= now) return { allowed: true, retryAfterSec: 0 };
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((lockedUntil - now) / 1000)) };
}
