// Conformance of UserStore (store/users.ts): exact usernames, put replaces, delete says
// whether a user existed, every field round-trips, and what a caller gets is its own copy.
// Registered by store/conformance.test-helper.ts; usernames carry the run's prefix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Stores } from '../stores.js';
import type { User } from '../users.js';

/** Registers the user tests; `stores()` is the store under test, `run` a per-run prefix. */
export function userConformance(stores: () => Stores, run: string): void {
  describe('users', () => {
    // Milliseconds only: Cassandra's timestamp keeps no finer time.
    const user = (name: string, over: Partial<User> = {}): User => ({
      username: `${name}-${run}`, role: 'admin', passwordHash: `$scrypt$${name}`, disabled: false, createdAt: new Date('2024-01-02T03:04:05.678Z'), ...over,
    });
    const mine = async () => (await stores().users.list()).filter((u) => u.username.endsWith(`-${run}`)).map((u) => u.username).sort();

    test('put, get, list and delete, by exact username', async () => {
      const { users } = stores();
      const alice = user('alice');
      await users.put(alice);
      assert.deepEqual(await users.get(alice.username), alice);
      assert.equal(await users.get(alice.username.toUpperCase()), null, 'usernames are exact');
      await users.put(user('bob', { role: 'viewer' }));
      assert.deepEqual(await mine(), [alice.username, `bob-${run}`]);
      await users.put({ ...alice, disabled: true, role: 'viewer' });
      assert.deepEqual(await users.get(alice.username), { ...alice, disabled: true, role: 'viewer' }, 'put replaces');
      assert.equal(await users.delete(alice.username), true);
      assert.equal(await users.delete(alice.username), false);
      assert.equal(await users.get(alice.username), null);
      assert.deepEqual(await mine(), [`bob-${run}`]);
    });

    test('every field round-trips: role, hash, disabled, creation time', async () => {
      const u = user('carol', { role: 'viewer', passwordHash: '$scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA', disabled: true, createdAt: new Date(Date.UTC(2025, 10, 24, 23, 59, 59, 999)) });
      await stores().users.put(u);
      const got = await stores().users.get(u.username);
      assert.deepEqual(got, u);
      assert.ok(got.createdAt instanceof Date);
    });

    test('what a caller gets is its own copy', async () => {
      const { users } = stores();
      const dave = user('dave');
      await users.put(dave);
      const got = await users.get(dave.username);
      assert.ok(got);
      got.role = 'viewer';
      got.createdAt.setUTCFullYear(1999);
      const listed = (await users.list()).find((u) => u.username === dave.username);
      assert.ok(listed);
      listed.disabled = true;
      assert.deepEqual(await users.get(dave.username), dave);
    });

    test('an ended session is known as ended until its record lapses; others are not', async () => {
      const { users } = stores();
      const id = `sid-${Math.random().toString(36).slice(2)}`;
      assert.equal(await users.sessionRevoked(id), false);
      await users.revokeSession(id, 2);
      assert.equal(await users.sessionRevoked(id), true);
      assert.equal(await users.sessionRevoked(`${id}-other`), false);
      await new Promise((r) => setTimeout(r, 3_100));
      assert.equal(await users.sessionRevoked(id), false, 'the record lapsed with the token');
    });
  });
}
