import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRole, checkUsername } from './user-checks.js';

describe('checkUsername', () => {
  test('accepts letters, digits and . _ @ - up to 64 characters', () => {
    for (const n of ['a', 'alice', 'Bob.Smith', 'ops_1', 'noc@example.com', 'a-b', 'x'.repeat(64)]) assert.deepEqual(checkUsername(n), { ok: true, value: n });
  });

  test('refuses empty, too long, other characters and non-strings, saying why', () => {
    assert.match(fail(''), /1 to 64 characters/);
    assert.match(fail('x'.repeat(65)), /1 to 64 characters/);
    for (const n of ['a b', 'ä', 'a/b', 'a:b', "o'neil", '<x>']) assert.match(fail(n), /may only contain letters, digits and \. _ @ -/, n);
    assert.match(fail(42), /must be a string/);
    assert.match(fail(undefined), /must be a string/);
  });

  test('a very long name is shortened in the message', () => {
    assert.ok(fail('y'.repeat(10_000)).length < 200);
  });
});

function fail(n: unknown): string {
  const r = checkUsername(n);
  assert.ok(!r.ok);
  return r.detail;
}

describe('checkRole', () => {
  test('admin and viewer only', () => {
    assert.deepEqual(checkRole('admin'), { ok: true, value: 'admin' });
    assert.deepEqual(checkRole('viewer'), { ok: true, value: 'viewer' });
    for (const r of ['Admin', 'root', '', null, 1]) {
      const res = checkRole(r);
      assert.ok(!res.ok);
      assert.match(res.detail, /role must be one of admin, viewer/);
    }
  });
});
