import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPassword, DEFAULT_SCRYPT, hashPassword, parseHash, verifyPassword } from './password.js';

// Cheap parameters keep the suite quick; one test runs the real cost.
const FAST = { N: 1024, r: 8, p: 1 };

/** The hash's fields with one replaced. */
const swap = (parts: string[], i: number, v: string): string[] => parts.map((x, j) => (j === i ? v : x));

describe('hashPassword / verifyPassword', () => {
  test('the default cost (N=2^15, r=8, p=1) works despite Node\'s default maxmem', async () => {
    const h = await hashPassword('correct horse battery');
    assert.match(h, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(parseHash(h)?.params, DEFAULT_SCRYPT);
    assert.equal(parseHash(h)?.salt.length, 16);
    assert.equal(await verifyPassword('correct horse battery', h), true);
    assert.equal(await verifyPassword('correct horse batterY', h), false);
  });

  test('each hash has its own salt', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', FAST), hashPassword('same password', FAST)]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same password', a), true);
    assert.equal(await verifyPassword('same password', b), true);
  });

  test('a hash verifies with the parameters it records', async () => {
    const h = await hashPassword('older cheaper hash', { N: 2048, r: 4, p: 2 });
    assert.match(h, /^scrypt\$2048\$4\$2\$/);
    assert.equal(await verifyPassword('older cheaper hash', h), true);
  });

  test('the same text in another Unicode normal form verifies', async () => {
    const h = await hashPassword('Passw\u00f6rter', FAST);
    assert.equal(await verifyPassword('Passwo\u0308rter', h), true);
  });

  test('unknown or damaged formats are false, never an exception', async () => {
    const good = await hashPassword('a password', FAST);
    const parts = good.split('$');
    const bad = [
      '', 'plain', 'bcrypt$2b$10$abc', good.replace('scrypt', 'Scrypt'), `${good}$x`,
      swap(parts, 1, '1000').join('$'), // N not a power of two
      swap(parts, 1, String(2 ** 24)).join('$'), // N too large to allow
      swap(parts, 2, '0').join('$'), swap(parts, 3, '-1').join('$'), swap(parts, 3, '99').join('$'),
      swap(parts, 4, '!!!').join('$'), swap(parts, 5, '').join('$'), swap(parts, 5, 'AAAA').join('$'),
    ];
    for (const h of bad) assert.equal(await verifyPassword('a password', h), false, h);
  });

  test('a flipped bit in the stored hash fails', async () => {
    const h = await hashPassword('a password', FAST);
    const parts = h.split('$');
    const key = Buffer.from(parts[5] ?? '', 'base64');
    key[0] = (key[0] ?? 0) ^ 1;
    assert.equal(await verifyPassword('a password', swap(parts, 5, key.toString('base64')).join('$')), false);
  });
});

describe('checkPassword', () => {
  test('at least 8 characters', () => {
    assert.deepEqual(checkPassword('12345678'), { ok: true, value: '12345678' });
    const r = checkPassword('1234567');
    assert.ok(!r.ok);
    assert.equal(r.detail, 'password must be at least 8 characters long');
  });

  test('characters, not UTF-16 units, are counted', () => {
    assert.equal(checkPassword('\u{1F600}'.repeat(4)).ok, false, 'four emoji are four characters');
    assert.equal(checkPassword('\u{1F600}'.repeat(8)).ok, true);
  });

  test('at most 1024 characters, and only strings', () => {
    assert.equal(checkPassword('x'.repeat(1024)).ok, true);
    const long = checkPassword('x'.repeat(1025));
    assert.ok(!long.ok);
    assert.match(long.detail, /at most 1024/);
    const num = checkPassword(12345678);
    assert.ok(!num.ok);
    assert.match(num.detail, /password must be a string/);
  });
});
