import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { inNetworks } from '../config/networks.js';
import { forwardedClient, trustedProxies } from './forwarded.js';

const proxies = inNetworks(['10.0.0.0/24', '::1/128'], 'http.trustProxy');

describe('forwardedClient', () => {
  test('from a trusted proxy: the right-most address that is not a trusted proxy', () => {
    assert.equal(forwardedClient('10.0.0.5', '203.0.113.9', proxies), '203.0.113.9');
    assert.equal(forwardedClient('10.0.0.5', '1.2.3.4, 203.0.113.9, 10.0.0.7', proxies), '203.0.113.9', 'the client may write anything on the left');
    assert.equal(forwardedClient('::1', '2001:db8::1', proxies), '2001:db8::1');
  });

  test('from anyone else, or with a malformed hop, or only proxies: the peer stays the client', () => {
    assert.equal(forwardedClient('192.0.2.1', '203.0.113.9', proxies), null);
    assert.equal(forwardedClient('10.0.0.5', undefined, proxies), null);
    assert.equal(forwardedClient('10.0.0.5', 'not-an-ip, 10.0.0.6', proxies), null);
    assert.equal(forwardedClient('10.0.0.5', '10.0.0.6, 10.0.0.7', proxies), null);
  });
});

describe('trustedProxies over HTTP', () => {
  async function serve(networks: string[]) {
    const app = new Koa();
    const mw = trustedProxies(networks);
    if (mw) app.use(mw);
    app.use((ctx) => {
      ctx.body = { ip: ctx.ip, https: ctx.state.forwardedHttps === true };
    });
    const server = createServer((req, res) => void app.callback()(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
  }
  const ask = async (base: string, headers: Record<string, string>) => (await fetch(base, { headers })).json() as Promise<{ ip: string; https: boolean }>;

  test('a trusted proxy\'s X-Forwarded-For and -Proto are believed; nobody\'s are by default', async () => {
    const trusting = await serve(['127.0.0.1/32']);
    const plain = await serve([]);
    try {
      const headers = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' };
      assert.deepEqual(await ask(trusting.base, headers), { ip: '198.51.100.7', https: true });
      assert.deepEqual(await ask(plain.base, headers), { ip: '127.0.0.1', https: false });
    } finally {
      await trusting.close();
      await plain.close();
    }
  });

  test('a bad network is refused naming the key', () => {
    assert.throws(() => trustedProxies(['10.0.0.0/99']), /^Error: http\.trustProxy: /);
  });
});
