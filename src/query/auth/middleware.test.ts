import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Router from '@koa/router';
import type { AuthService } from './auth-service.js';
import { type AuthState, clearSessionCookie, requireAdmin, requireUser, sessionMiddleware, setSessionCookie } from './middleware.js';
import { ADMIN_PW, seededService, serve, VIEWER_PW } from './test-support.js';

// Probe routes that show what the middleware decided.
function probe(): Router {
  const r = new Router();
  const show = (ctx: { state: AuthState; body: unknown }) => { ctx.body = { user: ctx.state.user ?? null, via: ctx.state.authVia ?? null }; };
  r.get('/open', (ctx) => show(ctx));
  r.post('/open', (ctx) => show(ctx));
  r.get('/user', requireUser, (ctx) => show(ctx));
  r.get('/admin', requireAdmin, (ctx) => show(ctx));
  r.get('/cookie', (ctx) => { setSessionCookie(ctx, 'abc.def', 3600); ctx.body = {}; });
  r.get('/uncookie', (ctx) => { clearSessionCookie(ctx); ctx.body = {}; });
  return r;
}

describe('session middleware over HTTP', () => {
  let auth: AuthService;
  let base: string;
  let close: () => Promise<void>;
  let viewer: string;
  let admin: string;

  before(async () => {
    ({ auth } = await seededService());
    ({ base, close } = await serve(auth, [probe()], (app) => { app.proxy = true; }));
    const v = await auth.login('vic', VIEWER_PW, '127.0.0.1');
    const a = await auth.login('root', ADMIN_PW, '127.0.0.1');
    assert.ok(v.ok && a.ok);
    viewer = v.value.token;
    admin = a.value.token;
  });
  after(() => close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });
  const post = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { method: 'POST', headers });

  test('no credentials: anonymous; requireUser answers 401 with a Bearer challenge', async () => {
    assert.deepEqual(await (await get('/open')).json(), { user: null, via: null });
    const res = await get('/user');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="siptrail"');
    assert.deepEqual(await res.json(), { error: 'login required' });
  });

  test('a bearer token or the cookie gives the user', async () => {
    assert.deepEqual(await (await get('/user', { Authorization: `Bearer ${viewer}` })).json(), { user: { username: 'vic', role: 'viewer' }, via: 'bearer' });
    assert.deepEqual(await (await get('/user', { Cookie: `other=1; siptrail_session=${viewer}` })).json(), { user: { username: 'vic', role: 'viewer' }, via: 'cookie' });
  });

  test('the Authorization header wins: a bad bearer token is not rescued by a good cookie', async () => {
    const res = await get('/user', { Authorization: 'Bearer nonsense', Cookie: `siptrail_session=${viewer}` });
    assert.equal(res.status, 401);
  });

  test('requireAdmin: 401 anonymous, 403 viewer, admin passes', async () => {
    assert.equal((await get('/admin')).status, 401);
    const res = await get('/admin', { Authorization: `Bearer ${viewer}` });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { error: 'admin role required' });
    assert.equal((await get('/admin', { Authorization: `Bearer ${admin}` })).status, 200);
  });

  test('CSRF: a cookie-carrying POST needs X-Requested-With: siptrail or a same-origin Origin', async () => {
    const cookie = { Cookie: `siptrail_session=${viewer}` };
    const refused = await post('/open', cookie);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error: string }).error, /X-Requested-With: siptrail/);
    assert.equal((await post('/open', { ...cookie, Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post('/open', { ...cookie, 'X-Requested-With': 'XMLHttpRequest' })).status, 403);
    assert.equal((await post('/open', { ...cookie, 'X-Requested-With': 'siptrail' })).status, 200);
    assert.equal((await post('/open', { ...cookie, Origin: base })).status, 200);
    assert.equal((await post('/open', { ...cookie, Origin: 'null' })).status, 403);
    assert.equal((await post('/open', { ...cookie, Origin: base.replace('http:', 'https:') })).status, 403, 'another scheme is another origin');
    assert.equal((await post('/open', { ...cookie, Origin: base.replace('http:', 'https:'), 'X-Forwarded-Proto': 'https' })).status, 200, 'behind a TLS proxy');
  });

  test('CSRF: safe methods, bearer requests and cookie-less requests pass', async () => {
    assert.equal((await get('/open', { Cookie: `siptrail_session=${viewer}` })).status, 200);
    assert.equal((await post('/open', { Authorization: `Bearer ${viewer}` })).status, 200);
    assert.equal((await post('/open')).status, 200);
  });

  test('the session cookie: HttpOnly, SameSite=Strict, Path=/, Max-Age; Secure only over HTTPS', async () => {
    assert.equal((await get('/cookie')).headers.get('set-cookie'), 'siptrail_session=abc.def; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict');
    // app.proxy is on in this server, so X-Forwarded-Proto says the client used HTTPS.
    assert.equal((await get('/cookie', { 'X-Forwarded-Proto': 'https' })).headers.get('set-cookie'), 'siptrail_session=abc.def; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure');
    assert.equal((await get('/uncookie')).headers.get('set-cookie'), 'siptrail_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  test('a trusted proxy saying https (ctx.state.forwardedHttps) makes the cookie Secure too', async () => {
    const { setSessionCookie } = await import('./middleware.js');
    const headers = new Map<string, string>();
    const ctx = { secure: false, state: { forwardedHttps: true }, append: (k: string, v: string) => headers.set(k, v) };
    setSessionCookie(ctx as never, 'abc.def', 60);
    assert.match(headers.get('Set-Cookie') ?? '', /; Secure$/);
  });

  test('a sessionMiddleware is a plain Koa middleware', () => {
    assert.equal(typeof sessionMiddleware(auth), 'function');
  });
});
