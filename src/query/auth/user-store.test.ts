import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryUserStore } from './memory-user-store.js';
import { checkRole, checkUsername, type User } from './user-store.js';

const alice: User = { username: 'alice', role: 'admin', passwordHash: 'h', disabled: false, createdAt: new Date('2024-01-02T03:04:05Z') };

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
  assert.equal(r.ok, false);
  return r.ok ? '' : r.detail;
}

describe('checkRole', () => {
  test('admin and viewer only', () => {
    assert.deepEqual(checkRole('admin'), { ok: true, value: 'admin' });
    assert.deepEqual(checkRole('viewer'), { ok: true, value: 'viewer' });
    for (const r of ['Admin', 'root', '', null, 1]) {
      const res = checkRole(r);
      assert.equal(res.ok, false);
      if (!res.ok) assert.match(res.detail, /role must be one of admin, viewer/);
    }
  });
});

describe('MemoryUserStore', () => {
  test('put, get, list, delete', async () => {
    const s = new MemoryUserStore([alice]);
    assert.deepEqual(await s.get('alice'), alice);
    assert.equal(await s.get('ALICE'), null, 'usernames are exact');
    await s.put({ ...alice, username: 'bob', role: 'viewer' });
    assert.deepEqual((await s.list()).map((u) => u.username).sort(), ['alice', 'bob']);
    await s.put({ ...alice, disabled: true });
    assert.equal((await s.get('alice'))?.disabled, true, 'put replaces');
    assert.equal(await s.delete('alice'), true);
    assert.equal(await s.delete('alice'), false);
    assert.equal(await s.get('alice'), null);
  });

  test('what a caller gets is a copy', async () => {
    const s = new MemoryUserStore([alice]);
    const got = await s.get('alice');
    assert.ok(got);
    got.role = 'viewer';
    got.createdAt.setFullYear(1999);
    assert.deepEqual(await s.get('alice'), alice);
  });

  test('refuses an invalid username', async () => {
    await assert.rejects(new MemoryUserStore().put({ ...alice, username: 'a b' }), /may only contain/);
  });
});
