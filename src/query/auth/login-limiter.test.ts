import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LoginLimiter, type LimiterOptions } from './login-limiter.js';

const MIN = 60_000;

function setup(opts: LimiterOptions = {}) {
  let t = Date.UTC(2024, 0, 1);
  const limiter = new LoginLimiter({ now: () => t, ...opts });
  return { limiter, advance: (ms: number) => { t += ms; } };
}

function failTimes(l: LoginLimiter, n: number, user = 'alice', ip = '192.0.2.1') {
  let last = { allowed: true, retryAfterSec: 0 };
  for (let i = 0; i < n; i++) last = l.recordFailure(user, ip);
  return last;
}

describe('LoginLimiter', () => {
  test('four failures are allowed to try again; the fifth locks for a minute', () => {
    const { limiter } = setup();
    assert.deepEqual(failTimes(limiter, 4), { allowed: true, retryAfterSec: 0 });
    assert.deepEqual(limiter.check('alice', '192.0.2.1'), { allowed: true, retryAfterSec: 0 });
    assert.deepEqual(limiter.recordFailure('alice', '192.0.2.1'), { allowed: false, retryAfterSec: 60 });
    assert.deepEqual(limiter.check('alice', '192.0.2.1'), { allowed: false, retryAfterSec: 60 });
  });

  test('the lock ends after its window; retryAfter counts down in whole seconds', () => {
    const { limiter, advance } = setup();
    failTimes(limiter, 5);
    advance(59_500);
    assert.deepEqual(limiter.check('alice', '192.0.2.1'), { allowed: false, retryAfterSec: 1 });
    advance(500);
    assert.deepEqual(limiter.check('alice', '192.0.2.1'), { allowed: true, retryAfterSec: 0 });
  });

  test('each further failure while hot doubles the lock, capped at 15 minutes', () => {
    const { limiter, advance } = setup();
    failTimes(limiter, 5);
    const locks: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = limiter.check('alice', '192.0.2.1');
      advance(before.retryAfterSec * 1000);
      locks.push(limiter.recordFailure('alice', '192.0.2.1').retryAfterSec);
    }
    assert.deepEqual(locks, [120, 240, 480, 900, 900, 900]);
  });

  test('a window of quiet after the lock ends forgets the back-off', () => {
    const { limiter, advance } = setup();
    failTimes(limiter, 6); // locked for 2 minutes
    advance(2 * MIN + 15 * MIN);
    assert.deepEqual(failTimes(limiter, 4), { allowed: true, retryAfterSec: 0 }, 'four fresh tries');
    assert.deepEqual(limiter.recordFailure('alice', '192.0.2.1'), { allowed: false, retryAfterSec: 60 }, 'back to the first lock');
  });

  test('less quiet than that keeps the back-off', () => {
    const { limiter, advance } = setup();
    failTimes(limiter, 6);
    advance(2 * MIN + 15 * MIN - 1000);
    assert.deepEqual(limiter.recordFailure('alice', '192.0.2.1'), { allowed: false, retryAfterSec: 240 });
  });

  test('failures older than the window do not count', () => {
    const { limiter, advance } = setup();
    failTimes(limiter, 4);
    advance(15 * MIN);
    assert.deepEqual(limiter.recordFailure('alice', '192.0.2.1').allowed, true);
  });

  test('a username is locked whatever client tries it, and case does not give fresh counts', () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) limiter.recordFailure(i % 2 ? 'Alice' : 'alice', `198.51.100.${i}`);
    assert.equal(limiter.check('ALICE', '203.0.113.9').allowed, false);
    assert.equal(limiter.check('bob', '203.0.113.9').allowed, true);
  });

  test('a client is locked whatever username it tries; IPv6 counts per /64', () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}`, `2001:db8:1:2::${i + 1}`);
    assert.equal(limiter.check('someone-else', '2001:db8:1:2:ffff::9').allowed, false);
    assert.equal(limiter.check('someone-else', '2001:db8:1:3::1').allowed, true);
  });

  test('success clears the username count but not the client count', () => {
    const { limiter } = setup();
    failTimes(limiter, 4, 'alice', '192.0.2.1');
    limiter.recordSuccess('alice');
    assert.deepEqual(limiter.recordFailure('alice', '198.51.100.1').allowed, true, 'alice starts from zero elsewhere');
    assert.deepEqual(limiter.recordFailure('bob', '192.0.2.1'), { allowed: false, retryAfterSec: 60 }, 'the client had four, this is its fifth');
  });

  test('memory is bounded: the least recently used entries are forgotten', () => {
    const { limiter } = setup({ maxEntries: 3 });
    failTimes(limiter, 5, 'victim', '192.0.2.1');
    assert.equal(limiter.check('victim', '203.0.113.1').allowed, false);
    for (let i = 0; i < 3; i++) limiter.recordFailure(`spray${i}`, `198.51.100.${i}`);
    assert.equal(limiter.check('victim', '203.0.113.1').allowed, true, 'evicted, not grown without bound');
  });

  test('a huge username is held as a short key', () => {
    const { limiter } = setup();
    failTimes(limiter, 5, 'x'.repeat(100_000) + 'a', '192.0.2.1');
    assert.equal(limiter.check('x'.repeat(100_000) + 'b', '203.0.113.1').allowed, false, 'same first 65 characters, same key');
  });

  test('thresholds are configurable', () => {
    const { limiter } = setup({ maxFailures: 2, baseLockSec: 10, maxLockSec: 15 });
    assert.equal(limiter.recordFailure('a', '192.0.2.1').allowed, true);
    assert.deepEqual(limiter.recordFailure('a', '192.0.2.1'), { allowed: false, retryAfterSec: 10 });
  });

  test('attempts still being checked count as failures: 10 at once from many clients get 5', () => {
    const { limiter } = setup({ maxInFlightPerClient: 10, maxInFlight: 100 });
    const tries = Array.from({ length: 10 }, (_, i) => limiter.begin('alice', `192.0.2.${i + 1}`));
    assert.equal(tries.filter((t) => t.allowed).length, 5);
    assert.deepEqual(tries[9], { allowed: false, retryAfterSec: 1 });
    for (const t of tries) if (t.allowed) t.attempt.end('failed');
    assert.equal(limiter.check('alice', '192.0.2.99').allowed, false, 'the five failures locked the name');
  });

  test('a client has at most 2 attempts in flight, the node 8; ending one frees its place once', () => {
    const { limiter } = setup();
    const a = limiter.begin('u1', '192.0.2.1');
    const b = limiter.begin('u2', '192.0.2.1');
    assert.deepEqual(limiter.begin('u3', '192.0.2.1'), { allowed: false, retryAfterSec: 1 });
    assert.ok(a.allowed && b.allowed);
    a.attempt.end('succeeded');
    a.attempt.end('succeeded');
    assert.equal(limiter.begin('u3', '192.0.2.1').allowed, true);
    assert.equal(limiter.begin('u4', '192.0.2.1').allowed, false, 'a second end() freed nothing more');
    const many = Array.from({ length: 10 }, (_, i) => limiter.begin(`v${i}`, `198.51.100.${i}`));
    assert.equal(many.filter((t) => t.allowed).length, 8 - 2, 'two of the node\'s eight are still in flight');
  });

  test('a hot key (locked before) lets one attempt at a time through after its lock', () => {
    const { limiter, advance } = setup({ maxInFlightPerClient: 10 });
    failTimes(limiter, 5);
    advance(60_000);
    const first = limiter.begin('alice', '192.0.2.1');
    assert.equal(first.allowed, true);
    assert.equal(limiter.begin('alice', '192.0.2.1').allowed, false);
    assert.ok(first.allowed);
    assert.deepEqual(first.attempt.end('failed'), { allowed: false, retryAfterSec: 120 });
  });

  test('an IPv6 /48 rotating through its /64s is locked as a site after 20 failures, so it cannot flush the limiter', () => {
    const { limiter } = setup();
    for (let i = 0; i < 19; i++) assert.equal(limiter.recordFailure(`user${i}`, `2001:db8:77:${i.toString(16)}::1`).allowed, true);
    assert.deepEqual(limiter.recordFailure('user19', '2001:db8:77:ff::1'), { allowed: false, retryAfterSec: 60 });
    assert.equal(limiter.check('someone', '2001:db8:77:1234::9').allowed, false, 'any /64 of the site');
    assert.equal(limiter.check('someone', '2001:db8:78::1').allowed, true, 'the next /48 is another site');
    assert.equal(limiter.check('someone', '192.0.2.1').allowed, true);
  });
});
