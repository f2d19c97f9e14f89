import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Router from '@koa/router';
import { silentLogger } from '../log/logger.js';
import { startHttp, type HttpHandle } from './server.js';
import { CONTENT_SECURITY_POLICY, webUi } from './web-ui.js';

const INDEX = '<!doctype html><title>siptrail</title><script type="module" src="/assets/index-abc123.js"></script>';

describe('web UI static files', () => {
  let built: HttpHandle;
  let empty: HttpHandle;
  let base = '';
  let emptyBase = '';

  before(async () => {
    const top = mkdtempSync(join(tmpdir(), 'siptrail-web-'));
    const dist = join(top, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, '.env'), 'SECRET=1');
    writeFileSync(join(top, 'secret.txt'), 'outside');
    const api = new Router();
    api.get('/health', (ctx) => { ctx.body = 'ok\n'; });
    api.get('/api/v1/thing', (ctx) => { ctx.body = { thing: 1 }; });
    built = await startHttp('127.0.0.1:0', [api], silentLogger(), [webUi(dist)]);
    empty = await startHttp('127.0.0.1:0', [api], silentLogger(), [webUi(join(top, 'missing'))]);
    base = `http://127.0.0.1:${built.port}`;
    emptyBase = `http://127.0.0.1:${empty.port}`;
  });
  after(async () => {
    await built.close();
    await empty.close();
  });

  test('/ is index.html with a strict CSP and no long caching', async () => {
    const r = await fetch(`${base}/`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await r.text(), INDEX);
  });

  test('client routes get index.html, Call-IDs with dots included', async () => {
    for (const p of ['/search?toUser=0211*', '/call/abc%40host.example.com?at=1', '/message/AbC_d-1', '/admin/users']) {
      const r = await fetch(base + p);
      assert.equal(r.status, 200, p);
      assert.equal(await r.text(), INDEX, p);
    }
  });

  test('hashed assets: right type, cached for a year; a missing one is a 404', async () => {
    const js = await fetch(`${base}/assets/index-abc123.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-security-policy'), null);
    assert.equal(await js.text(), 'console.log(1)');
    assert.equal((await fetch(`${base}/assets/index-abc123.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await fetch(`${base}/favicon.svg`)).headers.get('content-type'), 'image/svg+xml');
    assert.equal((await fetch(`${base}/assets/gone-999.js`)).status, 404);
  });

  test('HEAD sends the headers and length only', async () => {
    const r = await fetch(`${base}/assets/index-abc123.js`, { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-length'), '14');
    assert.equal(await r.text(), '');
  });

  test('routes win; the API and non-GET requests never get the page', async () => {
    assert.equal(await (await fetch(`${base}/health`)).text(), 'ok\n');
    assert.deepEqual(await (await fetch(`${base}/api/v1/thing`)).json(), { thing: 1 });
    const missing = await fetch(`${base}/api/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.notEqual(await missing.text(), INDEX);
    assert.equal((await fetch(`${base}/`, { method: 'POST' })).status, 404);
  });

  test('no file outside the bundle and no dotfile is served', async () => {
    for (const p of ['/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/.env', '/assets/..%2F..%2Fsecret.txt', '/%E0%A4%A']) {
      const r = await fetch(base + p);
      const text = await r.text();
      assert.ok(!text.includes('outside') && !text.includes('SECRET'), `${p} leaked: ${text}`);
    }
  });

  test('without a bundle, / says how to build it', async () => {
    const r = await fetch(`${emptyBase}/`);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /npm run build/);
    assert.equal((await fetch(`${emptyBase}/health`)).status, 200);
  });
});
