import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { issueToken, newSecret, verifyToken } from './session-token.js';

const secret = Buffer.alloc(32, 7);
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

/** A token signed correctly over any payload, to test what happens after the signature passes. */
function forge(payload: unknown): string {
  const p = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64url');
  return `${p}.${createHmac('sha256', secret).update(p).digest('base64url')}`;
}

describe('issueToken / verifyToken', () => {
  test('round trip: who, role, expiry in Unix seconds, and a random session id per token', () => {
    const t = issueToken({ username: 'alice', role: 'admin' }, secret, 3600, T0);
    assert.match(t, /^[\w-]+\.[\w-]{43}$/);
    const r = verifyToken(t, secret, T0);
    assert.ok(r.ok);
    const { sid, ...rest } = r.value;
    assert.deepEqual(rest, { username: 'alice', role: 'admin', exp: T0 / 1000 + 3600 });
    assert.match(sid ?? '', /^[\w-]{22}$/);
    const other = verifyToken(issueToken({ username: 'alice', role: 'admin' }, secret, 3600, T0), secret, T0);
    assert.ok(other.ok);
    assert.notEqual(other.value.sid, sid);
  });

  test('the stamp travels with the token', () => {
    const t = issueToken({ username: 'bob', role: 'viewer', stamp: 'abc' }, secret, 60, T0);
    const r = verifyToken(t, secret, T0);
    assert.ok(r.ok);
    assert.equal(r.value.stamp, 'abc');
  });

  test('valid until exp, expired from then on', () => {
    const t = issueToken({ username: 'alice', role: 'viewer' }, secret, 60, T0);
    assert.equal(verifyToken(t, secret, T0 + 59_999).ok, true);
    const r = verifyToken(t, secret, T0 + 60_000);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'expired');
  });

  test('another secret does not verify', () => {
    const t = issueToken({ username: 'alice', role: 'admin' }, secret, 60, T0);
    const r = verifyToken(t, newSecret(), T0);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'bad-signature');
  });

  test('a viewer cannot make itself admin by editing the payload', () => {
    const t = issueToken({ username: 'eve', role: 'viewer' }, secret, 60, T0);
    const [p, sig] = t.split('.');
    const body = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    body.role = 'admin';
    const edited = `${Buffer.from(JSON.stringify(body)).toString('base64url')}.${sig}`;
    const r = verifyToken(edited, secret, T0);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'bad-signature');
  });

  test('property: changing any one character of a token makes it fail', () => {
    const t = issueToken({ username: 'noc@example.com', role: 'viewer', stamp: 'xyz' }, secret, 600, T0);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(fc.property(fc.nat(t.length - 1), fc.constantFrom(...alphabet.split('')), (i, c) => {
      fc.pre(t[i] !== c);
      const changed = t.slice(0, i) + c + t.slice(i + 1);
      return !verifyToken(changed, secret, T0).ok;
    }), { numRuns: 2000 });
  });

  test('garbage is malformed, never an exception', () => {
    for (const g of ['', '.', 'abc', 'a.b.c', '.abc', 'abc.', 'a b.c', 'x'.repeat(5000), '\u0000.\u0000']) {
      const r = verifyToken(g, secret, T0);
      assert.ok(!r.ok, g);
      assert.match(r.reason, /malformed|bad-signature/);
    }
    assert.equal(verifyToken(42 as unknown as string, secret, T0).ok, false);
  });

  test('a correctly signed but wrongly shaped payload is malformed', () => {
    const exp = T0 / 1000 + 60;
    const shapes: unknown[] = [
      'not json', 'null', [], { sub: 'alice', role: 'admin', exp }, // no version
      { v: 2, sub: 'alice', role: 'admin', exp },
      { v: 1, sub: 'a b', role: 'admin', exp }, { v: 1, sub: 'alice', role: 'root', exp },
      { v: 1, sub: 'alice', role: 'admin', exp: String(exp) }, { v: 1, sub: 'alice', role: 'admin' },
      { v: 1, sub: 'alice', role: 'admin', exp, stamp: 5 },
    ];
    for (const s of shapes) {
      const r = verifyToken(forge(s), secret, T0);
      assert.ok(!r.ok, JSON.stringify(s));
      assert.equal(r.reason, 'malformed', JSON.stringify(s));
    }
    assert.equal(verifyToken(forge({ v: 1, sub: 'alice', role: 'admin', exp }), secret, T0).ok, true, 'the control passes');
  });

  test('short secrets and bad TTLs are programming errors', () => {
    assert.throws(() => issueToken({ username: 'a', role: 'admin' }, Buffer.alloc(16), 60, T0), /at least 32 bytes/);
    assert.throws(() => verifyToken('a.b', Buffer.alloc(0), T0), /at least 32 bytes/);
    assert.throws(() => issueToken({ username: 'a', role: 'admin' }, secret, 0, T0), /positive whole number/);
    assert.throws(() => issueToken({ username: 'a', role: 'admin' }, secret, 1.5, T0), /positive whole number/);
  });

  test('newSecret gives 32 fresh random bytes', () => {
    const a = newSecret();
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, newSecret());
  });
});
