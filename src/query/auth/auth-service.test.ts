import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthService, DEFAULT_TOKEN_TTL_SEC } from './auth-service.js';
import { verifyToken } from './session-token.js';
import { ADMIN_PW, CountingStore, seededService, TEST_SCRYPT, TEST_SECRET, VIEWER_PW } from './test-support.js';

const IP = '192.0.2.10';

async function tokenOf(auth: AuthService, username: string, password: string): Promise<string> {
  const r = await auth.login(username, password, IP);
  assert.ok(r.ok, `login ${username}`);
  return r.value.token;
}

describe('AuthService.login', () => {
  test('right password: a token for the stored role, valid for 12 hours by default', async () => {
    const { auth, clock } = await seededService();
    const r = await auth.login('vic', VIEWER_PW, IP);
    assert.ok(r.ok);
    assert.equal(r.value.username, 'vic');
    assert.equal(r.value.role, 'viewer');
    const claims = verifyToken(r.value.token, TEST_SECRET, clock.now());
    assert.ok(claims.ok);
    assert.equal(claims.value.exp, clock.now() / 1000 + DEFAULT_TOKEN_TTL_SEC);
    assert.equal(DEFAULT_TOKEN_TTL_SEC, 43_200);
  });

  test('wrong password, unknown user and invalid name are all bad-credentials', async () => {
    const { auth } = await seededService();
    for (const [u, p] of [['vic', 'wrong-password'], ['nobody', VIEWER_PW], ['a b', VIEWER_PW], ['vic', 'x'.repeat(5000)], ['VIC', VIEWER_PW]]) {
      const r = await auth.login(u ?? '', p ?? '', `198.51.100.${u?.length}`);
      assert.equal(r.ok ? 'ok' : r.reason, 'bad-credentials', `${u}/${p?.slice(0, 10)}`);
    }
  });

  test('a disabled user with the right password is refused as disabled', async () => {
    const { auth } = await seededService();
    await auth.setDisabled('vic', true);
    const r = await auth.login('vic', VIEWER_PW, IP);
    assert.equal(r.ok ? 'ok' : r.reason, 'disabled');
  });

  test('five failures lock the name; even the right password then waits', async () => {
    const { auth, clock } = await seededService();
    for (let i = 0; i < 5; i++) assert.equal((await auth.login('vic', 'wrong-password', IP)).ok, false);
    const r = await auth.login('vic', VIEWER_PW, '203.0.113.7');
    assert.ok(!r.ok && r.reason === 'rate-limited');
    assert.equal(r.retryAfterSec, 60);
    clock.advance(60_000);
    assert.equal((await auth.login('vic', VIEWER_PW, '203.0.113.7')).ok, true);
  });

  test('unknown names count against the client too', async () => {
    const { auth } = await seededService();
    for (let i = 0; i < 5; i++) await auth.login(`guess${i}`, 'whatever-pw', IP);
    const r = await auth.login('vic', VIEWER_PW, IP);
    assert.equal(r.ok ? 'ok' : r.reason, 'rate-limited');
  });

  test('a success clears the name\'s failures', async () => {
    const { auth } = await seededService();
    for (let i = 0; i < 4; i++) await auth.login('vic', 'wrong-password', `198.51.100.${i}`);
    assert.equal((await auth.login('vic', VIEWER_PW, '203.0.113.1')).ok, true);
    for (let i = 0; i < 4; i++) await auth.login('vic', 'wrong-password', `198.51.100.${i + 10}`);
    assert.equal((await auth.login('vic', VIEWER_PW, '203.0.113.2')).ok, true, 'four fresh failures do not lock');
  });
});

describe('AuthService.authenticate', () => {
  test('a good token gives the user; garbage, expired or foreign tokens give null', async () => {
    const { auth, clock } = await seededService();
    const t = await tokenOf(auth, 'vic', VIEWER_PW);
    assert.deepEqual(await auth.authenticate(t), { username: 'vic', role: 'viewer' });
    assert.equal(await auth.authenticate(''), null);
    assert.equal(await auth.authenticate('abc.def'), null);
    assert.equal(await auth.authenticate(`${t.slice(0, -2)}AA`), null);
    const other = new AuthService((await seededService()).store, { secret: Buffer.alloc(32, 1), scrypt: TEST_SCRYPT, now: clock.now });
    assert.equal(await other.authenticate(t), null, 'another cluster secret');
    clock.advance(DEFAULT_TOKEN_TTL_SEC * 1000);
    assert.equal(await auth.authenticate(t), null, 'expired');
  });

  test('disabling or deleting a user on this node ends its sessions at once', async () => {
    const { auth } = await seededService();
    const t = await tokenOf(auth, 'vic', VIEWER_PW);
    assert.ok(await auth.authenticate(t));
    await auth.setDisabled('vic', true);
    assert.equal(await auth.authenticate(t), null);
    await auth.setDisabled('vic', false);
    assert.ok(await auth.authenticate(t), 'enabled again');
    await auth.deleteUser('vic');
    assert.equal(await auth.authenticate(t), null);
  });

  test('on another node sharing the store, a disabled user is locked out within the 10 s cache', async () => {
    const { auth: nodeA, store, clock } = await seededService();
    const nodeB = new AuthService(store, { secret: TEST_SECRET, scrypt: TEST_SCRYPT, now: clock.now });
    const t = await tokenOf(nodeA, 'vic', VIEWER_PW);
    assert.ok(await nodeB.authenticate(t));
    await nodeA.setDisabled('vic', true);
    clock.advance(10_000);
    assert.ok(await nodeB.authenticate(t), 'still cached on B');
    clock.advance(1);
    assert.equal(await nodeB.authenticate(t), null);
  });

  test('requests within the cache TTL cost one store read, concurrent ones included', async () => {
    const { auth, store, clock } = await seededService();
    const t = await tokenOf(auth, 'vic', VIEWER_PW);
    clock.advance(10_001); // the read cached by login is stale now
    store.gets = 0;
    await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(t)));
    for (let i = 0; i < 20; i++) await auth.authenticate(t);
    assert.equal(store.gets, 1);
  });

  test('while the store cannot be read, a session this node has seen goes on as last read; an unseen one fails, never a 401', async () => {
    const store = new (class extends CountingStore {
      down = false;
      override async get(username: string) {
        if (this.down) throw new Error('cassandra unreachable');
        return super.get(username);
      }
    })();
    const { auth: nodeA, clock } = await seededService({}, store);
    const nodeB = new AuthService(store, { secret: TEST_SECRET, scrypt: TEST_SCRYPT, now: clock.now });
    const t = await tokenOf(nodeA, 'vic', VIEWER_PW);
    store.down = true;
    clock.advance(60_000);
    assert.deepEqual(await nodeA.authenticate(t), { username: 'vic', role: 'viewer' }, 'the user as last read');
    assert.deepEqual(await nodeA.authenticate(t), { username: 'vic', role: 'viewer' }, 'again');
    await assert.rejects(nodeB.authenticate(t), /cassandra unreachable/, 'never seen on B: the failure, not a logout');
    store.down = false;
    await nodeA.setDisabled('vic', true);
    assert.equal(await nodeA.authenticate(t), null, 'store back: its word counts again');
  });

  test('a password change ends older sessions; the stored role wins over the token\'s', async () => {
    const { auth } = await seededService();
    const t = await tokenOf(auth, 'vic', VIEWER_PW);
    const admin = await tokenOf(auth, 'root', ADMIN_PW);
    assert.ok((await auth.addUser({ username: 'ann', password: 'ann-password', role: 'admin' })).ok);
    await auth.setRole('root', 'viewer');
    assert.deepEqual(await auth.authenticate(admin), { username: 'root', role: 'viewer' });
    await auth.setPassword('vic', 'a-new-password');
    assert.equal(await auth.authenticate(t), null);
    assert.ok(await auth.authenticate(await tokenOf(auth, 'vic', 'a-new-password')));
  });
});

describe('AuthService user administration', () => {
  test('addUser validates, refuses duplicates, and never returns the hash', async () => {
    const { auth, store } = await seededService();
    const r = await auth.addUser({ username: 'noc@example.com', password: 'long-enough', role: 'viewer' });
    assert.ok(r.ok);
    assert.deepEqual(Object.keys(r.value).sort(), ['createdAt', 'disabled', 'role', 'username']);
    assert.match((await store.get('noc@example.com'))?.passwordHash ?? '', /^scrypt\$1024\$8\$1\$/);
    const dup = await auth.addUser({ username: 'vic', password: 'long-enough', role: 'viewer' });
    assert.deepEqual(dup.ok ? 'ok' : [dup.reason, dup.detail], ['exists', 'user vic already exists']);
    for (const [input, msg] of [
      [{ username: 'a b', password: 'long-enough', role: 'viewer' }, /username/],
      [{ username: 'zed', password: 'short', role: 'viewer' }, /password must be at least 8/],
      [{ username: 'zed', password: 'long-enough', role: 'boss' }, /role must be one of/],
      [{ username: 'zed', password: 12345678, role: 'viewer' }, /password must be a string/],
    ] as const) {
      const bad = await auth.addUser(input);
      assert.ok(!bad.ok && bad.reason === 'invalid', JSON.stringify(input));
      assert.match(bad.detail, msg);
    }
  });

  test('listUsers is sorted and hash-free', async () => {
    const { auth } = await seededService();
    const list = await auth.listUsers();
    assert.deepEqual(list.map((u) => [u.username, u.role, u.disabled]), [['root', 'admin', false], ['vic', 'viewer', false]]);
    assert.ok(!JSON.stringify(list).includes('scrypt'));
    assert.deepEqual(await auth.getUser('vic'), list[1]);
    assert.equal(await auth.getUser('nobody'), null);
  });

  test('the last enabled admin cannot be demoted, disabled or deleted', async () => {
    const { auth } = await seededService();
    for (const r of [await auth.setRole('root', 'viewer'), await auth.setDisabled('root', true), await auth.deleteUser('root')]) {
      assert.equal(r.ok ? 'ok' : r.reason, 'last-admin');
    }
    assert.equal((await auth.getUser('root'))?.role, 'admin');
    assert.equal((await auth.setRole('vic', 'admin')).ok, true);
    assert.equal((await auth.deleteUser('root')).ok, true, 'fine once vic is an admin');
  });

  test('unknown users are not-found', async () => {
    const { auth } = await seededService();
    for (const r of [await auth.setRole('nobody', 'viewer'), await auth.deleteUser('nobody'), await auth.updateUser('x'.repeat(500), { disabled: true })]) {
      assert.equal(r.ok ? 'ok' : r.reason, 'not-found');
    }
  });

  test('updateUser changes several fields in one write, or none', async () => {
    const { auth } = await seededService();
    const bad = await auth.updateUser('vic', { role: 'admin', password: 'short' });
    assert.equal(bad.ok ? 'ok' : bad.reason, 'invalid');
    assert.equal((await auth.getUser('vic'))?.role, 'viewer', 'nothing applied');
    const good = await auth.updateUser('vic', { role: 'admin', password: 'long-password', disabled: true });
    assert.ok(good.ok);
    assert.deepEqual([good.value.role, good.value.disabled], ['admin', true]);
  });
});
