// The auth and user routes on a real HTTP server, driven with fetch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiUser, LoginResponse } from '../api/wire-types.js';
import type { AuthService } from './auth-service.js';
import { authRoutes, userRoutes } from './routes.js';
import { ADMIN_PW, seededService, serve, VIEWER_PW } from './test-support.js';

describe('auth and user routes over HTTP', () => {
  let auth: AuthService;
  let clock: { advance: (ms: number) => void };
  let base: string;
  let close: () => Promise<void>;
  let admin: string;

  before(async () => {
    ({ auth, clock } = await seededService());
    // app.proxy so a test can pose as another client with X-Forwarded-For.
    ({ base, close } = await serve(auth, [authRoutes(auth), userRoutes(auth)], (app) => { app.proxy = true; }));
    admin = await login('root', ADMIN_PW);
  });
  after(() => close());

  type Opts = { token?: string; cookie?: string; body?: unknown; raw?: string; headers?: Record<string, string> };
  function call(method: string, path: string, o: Opts = {}): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    if (o.cookie) Object.assign(headers, { Cookie: `siptrail_session=${o.cookie}`, 'X-Requested-With': 'siptrail' });
    if (o.body !== undefined || o.raw !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(base + path, { method, headers, body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
  }
  async function login(username: string, password: string): Promise<string> {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    assert.equal(res.status, 200, `login ${username}`);
    return ((await res.json()) as LoginResponse).token;
  }
  async function expect(res: Response, status: number, body?: unknown): Promise<void> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    if (body !== undefined) assert.deepEqual(text === '' ? null : JSON.parse(text), body);
  }

  test('no session: 401 on /auth/me and /users', async () => {
    await expect(await call('GET', '/api/v1/auth/me'), 401, { error: 'login required' });
    await expect(await call('GET', '/api/v1/users'), 401, { error: 'login required' });
  });

  test('login answers the user and token and sets the session cookie', async () => {
    const res = await call('POST', '/api/v1/auth/login', { body: { username: 'vic', password: VIEWER_PW } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = (await res.json()) as LoginResponse;
    assert.deepEqual(Object.keys(body).sort(), ['role', 'token', 'username']);
    assert.deepEqual([body.username, body.role], ['vic', 'viewer']);
    assert.equal(res.headers.get('set-cookie'), `siptrail_session=${body.token}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict`);
    await expect(await call('GET', '/api/v1/auth/me', { cookie: body.token }), 200, { username: 'vic', role: 'viewer' });
  });

  test('the bearer token works', async () => {
    await expect(await call('GET', '/api/v1/auth/me', { token: admin }), 200, { username: 'root', role: 'admin' });
    const res = await call('GET', '/api/v1/users', { token: admin });
    assert.equal(res.status, 200);
    const users = (await res.json()) as ApiUser[];
    assert.deepEqual(users.map((u: { username: string }) => u.username), ['root', 'vic']);
    assert.ok(users.every((u: object) => !('passwordHash' in u)));
  });

  test('a viewer gets 403 on every /users route', async () => {
    const viewer = await login('vic', VIEWER_PW);
    const routes: [string, string, unknown?][] = [['GET', '/api/v1/users'], ['POST', '/api/v1/users', { username: 'x1', password: 'long-enough', role: 'admin' }],
      ['PATCH', '/api/v1/users/vic', { role: 'admin' }], ['DELETE', '/api/v1/users/root']];
    for (const [m, p, body] of routes) await expect(await call(m, p, { token: viewer, body }), 403, { error: 'admin role required' });
    assert.equal((await auth.getUser('vic'))?.role, 'viewer');
  });

  test('wrong passwords: 401 with one generic message, then 429 with Retry-After even for the right one', async () => {
    const generic = { error: 'invalid username or password' };
    const headers = { 'X-Forwarded-For': '198.51.100.66' }; // a client of its own, so the other tests are not locked out
    for (let i = 0; i < 5; i++) await expect(await call('POST', '/api/v1/auth/login', { headers, body: { username: 'vic', password: `guess-${i}` } }), 401, generic);
    const res = await call('POST', '/api/v1/auth/login', { headers, body: { username: 'vic', password: VIEWER_PW } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '60');
    assert.deepEqual(await res.json(), { error: 'too many failed logins; try again later' });
    clock.advance(60_000);
    await login('vic', VIEWER_PW); // the lock has passed, and success clears vic's count
  });

  test('a disabled user gets the same 401 as a wrong password', async () => {
    await expect(await call('POST', '/api/v1/users', { token: admin, body: { username: 'dora', password: 'dora-password', role: 'viewer' } }), 201);
    await expect(await call('PATCH', '/api/v1/users/dora', { token: admin, body: { disabled: true } }), 200);
    await expect(await call('POST', '/api/v1/auth/login', { body: { username: 'dora', password: 'dora-password' } }), 401, { error: 'invalid username or password' });
  });

  test('a disabled user\'s existing token stops working', async () => {
    await expect(await call('POST', '/api/v1/users', { token: admin, body: { username: 'eddy', password: 'eddy-password', role: 'viewer' } }), 201);
    const token = await login('eddy', 'eddy-password');
    await expect(await call('GET', '/api/v1/auth/me', { token }), 200);
    await expect(await call('PATCH', '/api/v1/users/eddy', { token: admin, body: { disabled: true } }), 200);
    await expect(await call('GET', '/api/v1/auth/me', { token }), 401);
    await expect(await call('GET', '/api/v1/auth/me', { cookie: token }), 401);
  });

  test('a tampered token is 401', async () => {
    const token = await login('vic', VIEWER_PW);
    const [payload, sig] = token.split('.');
    const body = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const promoted = `${Buffer.from(JSON.stringify({ ...body, role: 'admin' })).toString('base64url')}.${sig}`;
    await expect(await call('GET', '/api/v1/users', { token: promoted }), 401);
    await expect(await call('GET', '/api/v1/auth/me', { token: `${token}x` }), 401);
    await expect(await call('GET', '/api/v1/auth/me', { cookie: `${payload}.${'A'.repeat(43)}` }), 401);
  });

  test('logout clears the cookie and ends the session: its token is refused afterwards, other sessions go on', async () => {
    const ending = await login('root', ADMIN_PW);
    await expect(await call('GET', '/api/v1/auth/me', { token: ending }), 200);
    const res = await call('POST', '/api/v1/auth/logout', { cookie: ending });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('set-cookie'), 'siptrail_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    await expect(await call('GET', '/api/v1/auth/me', { token: ending }), 401);
    await expect(await call('GET', '/api/v1/auth/me', { cookie: ending }), 401);
    await expect(await call('GET', '/api/v1/auth/me', { token: admin }), 200);
    // A logout without a session (or with a bad one) only clears the cookie.
    assert.equal((await call('POST', '/api/v1/auth/logout')).status, 204);
  });

  test('bad login bodies are 400 naming the field, never a crash', async () => {
    await expect(await call('POST', '/api/v1/auth/login', { raw: '{"username": "vic",' }), 400, { error: 'request body is not valid JSON' });
    await expect(await call('POST', '/api/v1/auth/login', { raw: '[1,2]' }), 400);
    await expect(await call('POST', '/api/v1/auth/login'), 400);
    // Validated against the OpenAPI document before the handler runs.
    await expect(await call('POST', '/api/v1/auth/login', { body: { password: 'x' } }), 400, { error: 'body.username: is required' });
    await expect(await call('POST', '/api/v1/auth/login', { body: { username: 'vic', password: 12345678 } }), 400, { error: 'body.password: must be string' });
    await expect(await call('POST', '/api/v1/auth/login', { raw: JSON.stringify({ username: 'vic', password: 'x'.repeat(20_000) }) }), 413, { error: 'request body is too large' });
  });

  test('user administration: create, conflict, change, refuse, delete', async () => {
    const created = await call('POST', '/api/v1/users', { token: admin, body: { username: 'fay@example.com', password: 'fay-password', role: 'viewer' } });
    assert.equal(created.status, 201);
    const user = (await created.json()) as ApiUser;
    assert.deepEqual([user.username, user.role, user.disabled, typeof user.createdAt], ['fay@example.com', 'viewer', false, 'string']);
    await expect(await call('POST', '/api/v1/users', { token: admin, body: { username: 'fay@example.com', password: 'fay-password', role: 'viewer' } }), 409, { error: 'user fay@example.com already exists' });
    const patched = await call('PATCH', '/api/v1/users/fay%40example.com', { token: admin, body: { role: 'admin', password: 'fay-new-password' } });
    assert.equal(patched.status, 200);
    assert.equal(((await patched.json()) as ApiUser).role, 'admin');
    await login('fay@example.com', 'fay-new-password');
    await expect(await call('DELETE', '/api/v1/users/fay@example.com', { token: admin }), 204);
    await expect(await call('DELETE', '/api/v1/users/fay@example.com', { token: admin }), 404, { error: 'no user "fay@example.com"' });
    await expect(await call('PATCH', '/api/v1/users/nobody', { token: admin, body: { role: 'viewer' } }), 404);
  });

  test('the last enabled admin is kept: 409', async () => {
    await expect(await call('PATCH', '/api/v1/users/root', { token: admin, body: { role: 'viewer' } }), 409, { error: 'cannot demote root: it is the last enabled admin' });
    await expect(await call('DELETE', '/api/v1/users/root', { token: admin }), 409, { error: 'cannot delete root: it is the last enabled admin' });
  });

  test('bad user bodies are 400 naming the field', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/v1/users', { username: 'bad name', password: 'long-enough', role: 'viewer' }, /^body\.username: must be 1-64 letters/],
      ['POST', '/api/v1/users', { username: 'gus', password: 'short', role: 'viewer' }, /^body\.password: /],
      ['POST', '/api/v1/users', { username: 'gus', password: 'long-enough' }, /^body\.role: is required/],
      ['POST', '/api/v1/users', 'just a string', /^body: must be object/],
      ['PATCH', '/api/v1/users/vic', { disabled: 'yes' }, /^body\.disabled: must be boolean/],
      ['PATCH', '/api/v1/users/vic', { username: 'renamed' }, /username/],
      ['PATCH', '/api/v1/users/vic', {}, /^body: /],
      ['PATCH', '/api/v1/users/vic', null, /^body: must be object/],
    ];
    for (const [m, p, body, msg] of cases) {
      const res = await call(m, p, { token: admin, body });
      assert.equal(res.status, 400, `${m} ${JSON.stringify(body)}`);
      assert.match(((await res.json()) as { error: string }).error, msg);
    }
  });

  test('50 parallel wrong passwords at the real scrypt cost: at most 5 are hashed, the rest get 429 at once', async () => {
    const real = await seededService({ scrypt: undefined });
    const server = await serve(real.auth, [authRoutes(real.auth)]);
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: `guess-${i}` }) })
          .then(async (r) => ({ status: r.status, retry: r.headers.get('retry-after'), ms: performance.now() - started, body: await r.text() }))));
      const hashed = answers.filter((a) => a.status === 401);
      const limited = answers.filter((a) => a.status === 429);
      assert.ok(hashed.length <= 5, `${hashed.length} hashed`);
      assert.ok(hashed.length >= 1);
      assert.equal(hashed.length + limited.length, 50, JSON.stringify(answers.map((a) => a.status)));
      assert.ok(limited.every((a) => Number(a.retry) >= 1));
      // Guessing on one at a time: five hashed guesses in all, then the name is locked.
      const post = (password: string) => fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password }) });
      let total = hashed.length;
      for (let i = 0; i < 10 && (await post(`more-${i}`)).status === 401; i++) total++;
      assert.equal(total, 5);
      assert.equal((await post(ADMIN_PW)).status, 429, 'the right password waits for the lock too');
    } finally {
      await server.close();
    }
  });
});
