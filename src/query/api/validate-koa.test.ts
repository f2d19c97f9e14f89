// The validator mounted the way the query tier mounts it: @koa/router with the /api/v1
// prefix, a router-wide middleware in front, the auth routes' JSON body parser, a real
// HTTP server, requests with fetch.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Koa, { type Middleware } from 'koa';
import Router from '@koa/router';
import { jsonBody } from '../auth/json-body.js';
import { openapiDocument } from './openapi.js';
import { createValidator, route, validRequest } from './validate.js';

describe('validator middleware under @koa/router on a real server', () => {
  let server: Server;
  let base: string;
  let handled = 0;
  const echo: Middleware = (ctx) => {
    handled++;
    ctx.body = validRequest(ctx);
  };

  before(async () => {
    const v = createValidator(openapiDocument, { parseBody: jsonBody });
    const router = new Router({ prefix: '/api/v1' });
    // A router-wide middleware: it makes @koa/router rewrite ctx._matchedRoute, which per-route validation does not depend on.
    router.use(async (_ctx, next) => {
      await next();
    });
    route(router, v, 'post', '/search', echo);
    route(router, v, 'post', '/auth/login', echo);
    route(router, v, 'get', '/calls/{callId}', echo);
    route(router, v, 'delete', '/aliases/{ip}', echo);
    route(router, v, 'get', '/messages/{id}', echo);
    const app = new Koa();
    app.use(router.routes()).use(router.allowedMethods());
    const handle = app.callback();
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('a valid search reaches the handler with the validated body', async () => {
    const res = await post('/search', { fields: { callId: 'abc' }, limit: 10 });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { body: { fields: { callId: 'abc' }, limit: 10 }, query: {}, params: {} });
  });

  test('a bad body is answered 400 naming the field, and the handler never runs', async () => {
    const before = handled;
    for (const [body, want] of [
      [{ limit: 20000 }, 'body.limit: must be <= 10000'],
      [{ fields: { fooUser: 'x' } }, 'body.fields.fooUser: unknown field'],
    ] as const) {
      const res = await post('/search', body);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(await res.json(), { error: want });
    }
    const noBody = await fetch(`${base}/auth/login`, { method: 'POST' });
    assert.equal(noBody.status, 400);
    assert.deepEqual(await noBody.json(), { error: 'body.username: is required' });
    const notJson = await fetch(`${base}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"limit":' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await notJson.json(), { error: 'request body is not valid JSON' });
    const text = await post('/search', 'limit=5');
    assert.equal(text.status, 400);
    assert.deepEqual(await text.json(), { error: 'body: must be object' });
    assert.equal(handled, before);
  });

  test('path parameters arrive decoded and query strings coerced, with defaults', async () => {
    const res = await fetch(`${base}/calls/${encodeURIComponent('abc/def@host')}?legs=false`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { query: { legs: false, unique: true }, params: { callId: 'abc/def@host' } });
    const alias = await fetch(`${base}/aliases/fe80::1?port=5060`, { method: 'DELETE' });
    assert.equal(alias.status, 200);
    assert.deepEqual(await alias.json(), { query: { port: 5060 }, params: { ip: 'fe80::1' } });
  });

  test('bad query strings and path parameters are answered 400 naming them', async () => {
    const cases: Array<[string, string, string]> = [
      ['DELETE', '/aliases/fe80::1?port=http', 'query.port: must be integer'],
      ['DELETE', '/aliases/10.0.0.1?port=70000', 'query.port: must be <= 65535'],
      ['DELETE', '/aliases/sbc-1', 'path.ip: must be an IPv4 or IPv6 address'],
      ['GET', '/calls/c?legs=maybe', 'query.legs: must be boolean'],
      ['GET', '/calls/c?debug=1', 'query.debug: unknown parameter'],
      ['GET', '/messages/a+b', 'path.id: must be a message id (base64url)'],
    ];
    for (const [method, path, want] of cases) {
      const res = await fetch(`${base}${path}`, { method });
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: want });
    }
  });

  test('routes stay where the router puts them: other methods and paths are not validated away', async () => {
    assert.equal((await fetch(`${base}/search`)).status, 405);
    assert.equal((await fetch(`${base}/nowhere`)).status, 404);
  });
});
