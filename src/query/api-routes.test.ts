// The /api/v1 routes of api-routes.ts over HTTP, on the memory stores: sessions and roles,
// search (limits, cursor, refusals), message detail, call flows, exports, aliases and
// locations. The same API on real capture and Cassandra: test/integration/query-api.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callFlow } from '../../test/support/call-flows.js';
import { wireRows } from '../flow/wire-rows.test-helper.js';
import { memoryStores } from '../store/memory/stores.js';
import { apiRoutes } from './api-routes.js';
import type { CallFlow, MessageDetail, MessageSummary, SearchResponse } from './api/wire-types.js';
import { ADMIN_PW, seededService, serve, VIEWER_PW } from './auth/test-support.js';

/** 2025-11-24T09:00:00Z in µs. */
const T0 = 1_763_974_800_000_000n;
const RANGE = { from: '2025-11-24T08:00:00Z', to: '2025-11-24T10:00:00Z' };
const legA = wireRows(callFlow({ callId: 'a@x', from: '+4930111', to: '0211234567', t0: T0 }));
const legB = wireRows(callFlow({ callId: 'b@x', from: '+4930111', to: '0211234567', t0: T0 + 2_000n, caller: '10.0.1.1', extraHeaders: ['X-CID: a@x'] }));
const busy = wireRows(callFlow({ callId: 'busy@x', from: '+4930222', to: '0211999888', t0: T0 + 60_000_000n, failWith: [486, 'Busy Here'] }));

describe('API routes over the memory stores', () => {
  const stores = memoryStores();
  let aliasChanges = 0;
  let base = '';
  let close = async () => {};
  let admin = '';
  let viewer = '';

  async function call(method: string, path: string, token: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  async function json<T>(res: Response, status = 200): Promise<T> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    return JSON.parse(text) as T;
  }
  const search = (body: Record<string, unknown>, token = viewer) => call('POST', '/api/v1/search', token, { ...RANGE, ...body });

  before(async () => {
    await stores.writer.write([...legA, ...legB, ...busy]);
    await stores.directory.registerLocation('loc1', 'cap1');
    await stores.directory.registerLocation('berlin', 'cap2');
    const { auth } = await seededService();
    const routes = apiRoutes(stores.reader, stores.directory, () => stores.directory.aliases(), () => aliasChanges++);
    // Quiet: the store-outage test makes a route throw on purpose.
    ({ base, close } = await serve(auth, [routes], (app) => { app.silent = true; }));
    const login = async (user: string, pw: string) => {
      const r = await auth.login(user, pw, '127.0.0.1');
      assert.ok(r.ok, `login ${user}`);
      return r.value.token;
    };
    admin = await login('root', ADMIN_PW);
    viewer = await login('vic', VIEWER_PW);
  });
  after(() => close());

  test('without a session every route but the OpenAPI document answers 401', async () => {
    assert.equal((await search({}, '')).status, 401);
    assert.equal((await call('GET', '/api/v1/calls/a@x', '')).status, 401);
    assert.equal((await call('GET', '/api/v1/aliases', '')).status, 401);
    assert.equal((await call('GET', '/api/v1/locations', '')).status, 401);
    const doc = await json<{ openapi: string }>(await call('GET', '/api/v1/openapi.json', ''));
    assert.equal(doc.openapi, '3.1.0');
  });

  test('POST /search answers summaries newest first, without payloads, within the limit', async () => {
    const r = await json<SearchResponse>(await search({ fields: { fromUser: '+4930222' } }));
    assert.deepEqual(r.messages.map((m) => m.method ?? String(m.status)), ['ACK', '486', '100', 'INVITE']);
    assert.equal(r.cursor, null);
    const first = r.messages[3] as MessageSummary & { payload?: unknown };
    assert.equal(first.payload, undefined);
    assert.deepEqual([first.callId, first.ts, first.srcIp, first.srcPort, first.toUser], ['busy@x', (T0 + 60_000_000n).toString(), '10.0.0.1', 5060, '0211999888']);
    const limited = await json<SearchResponse>(await search({ fields: { callId: 'a@x;b@x' }, limit: 4 }));
    assert.equal(limited.messages.length, 4);
    assert.ok(limited.cursor);
    const next = await json<SearchResponse>(await search({ fields: { callId: 'a@x;b@x' }, limit: 100, cursor: limited.cursor }));
    assert.equal(next.messages.length, 10, '14 messages in all');
    assert.equal(new Set([...limited.messages, ...next.messages].map((m) => m.id)).size, 14);
  });

  test('POST /search refuses what does not fit the API, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ limit: 0 }, /body\.limit/],
      [{ fields: { fooUser: 'x' } }, /fooUser/],
      [{ op: 'xor' }, /body\.op/],
      [{ from: '2025-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }, /31 days/],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, /cursor: not a cursor/],
    ];
    for (const [body, error] of cases) assert.match((await json<{ error: string }>(await search(body), 400)).error, error, JSON.stringify(body));
  });

  test('GET /messages/{id}: every field and the raw text; 404 for a key not stored, 400 for no id of ours', async () => {
    const [invite] = (await json<SearchResponse>(await search({ fields: { callId: 'b@x', method: 'INVITE' } }))).messages;
    assert.ok(invite);
    const d = await json<MessageDetail>(await call('GET', `/api/v1/messages/${invite.id}`, viewer));
    assert.deepEqual([d.callId, d.method, d.corr], ['b@x', 'INVITE', ['a@x']]);
    assert.match(d.payload, /^INVITE sip:0211234567@10\.0\.0\.2 SIP\/2\.0\r\n[\s\S]*X-CID: a@x\r\n/);
    const gone = Buffer.from(`${T0}\n${'0'.repeat(32)}\nb@x`).toString('base64url');
    assert.match((await json<{ error: string }>(await call('GET', `/api/v1/messages/${gone}`, viewer), 404)).error, /no such message/);
    assert.equal((await json<{ error: string }>(await call('GET', '/api/v1/messages/bm90LWFuLWlk', viewer), 400)).error, 'path.id: not a message id');
  });

  test('GET /calls/{callId}: the call group as one flow; legs=false; 404 when nothing is near the time', async () => {
    const flow = await json<CallFlow>(await call('GET', `/api/v1/calls/a@x?at=${T0}`, viewer));
    assert.deepEqual(flow.callIds, ['a@x', 'b@x']);
    assert.equal(flow.messages.length, 14);
    assert.deepEqual(flow.messages.slice(0, 3).map((m) => `${m.leg} ${m.label}`), ['0 INVITE', '0 100 Trying', '1 INVITE']);
    const alone = await json<CallFlow>(await call('GET', `/api/v1/calls/a@x?at=${T0}&legs=false`, viewer));
    assert.deepEqual([alone.callIds, alone.messages.length], [['a@x'], 7]);
    const none = await call('GET', `/api/v1/calls/a@x?at=${T0 + 5n * 86_400_000_000n}`, viewer);
    assert.match((await json<{ error: string }>(none, 404)).error, /no message of this Call-ID/);
  });

  test('exports: a call as text, JSON or pcap with a file name; a search as JSON with payloads', async () => {
    const text = await call('GET', `/api/v1/calls/busy@x/export?format=text&at=${T0}`, viewer);
    assert.equal(text.status, 200);
    assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(text.headers.get('content-disposition'), 'attachment; filename="call-busy_x.txt"');
    assert.match(await text.text(), /2025-11-24 09:01:00\.000000 UTC[\s\S]*SIP\/2\.0 486 Busy Here/);
    const pcap = await call('GET', `/api/v1/calls/busy@x/export?format=pcap&at=${T0}`, viewer);
    assert.equal(pcap.headers.get('content-type'), 'application/vnd.tcpdump.pcap');
    assert.equal(Buffer.from(await pcap.arrayBuffer()).readUInt32LE(0), 0xa1b2c3d4, 'a classic pcap file');
    const calls = await json<{ callId: string }[]>(await call('GET', `/api/v1/calls/a@x/export?format=json&at=${T0}`, viewer));
    assert.deepEqual([...new Set(calls.map((m) => m.callId))].sort(), ['a@x', 'b@x']);
    assert.equal((await call('GET', `/api/v1/calls/nobody@x/export?format=json&at=${T0}`, viewer)).status, 404);
    const found = await json<{ callId: string; payload: string }[]>(await call('POST', '/api/v1/export', viewer, { search: { ...RANGE, fields: { callId: 'busy@x' } }, format: 'json' }));
    assert.equal(found.length, 4);
    assert.deepEqual(found.map((m) => /^(\S+ \S+)/.exec(m.payload)?.[1]), ['INVITE sip:0211999888@10.0.0.2', 'SIP/2.0 100', 'SIP/2.0 486', 'ACK sip:0211999888@10.0.0.2']);
    assert.ok(found.every((m) => m.callId === 'busy@x'));
    assert.match((await json<{ error: string }>(await call('POST', '/api/v1/export', viewer, { search: { fields: { fooUser: 'x' } }, format: 'json' }), 400)).error, /fooUser/);
  });

  test('aliases: everyone reads them, only an admin changes them, and each change is announced', async () => {
    assert.deepEqual(await json(await call('GET', '/api/v1/aliases', viewer)), []);
    assert.equal((await call('PUT', '/api/v1/aliases', viewer, { ip: '10.0.0.2', name: 'pbx' })).status, 403);
    assert.equal(aliasChanges, 0);
    assert.deepEqual(await json(await call('PUT', '/api/v1/aliases', admin, { ip: '10.0.0.2', name: 'pbx' })), { ip: '10.0.0.2', port: null, name: 'pbx' });
    assert.deepEqual(await json(await call('PUT', '/api/v1/aliases', admin, { ip: '10.0.0.2', port: 5060, name: 'pbx-sip' })), { ip: '10.0.0.2', port: 5060, name: 'pbx-sip' });
    assert.equal(aliasChanges, 2);
    assert.match((await json<{ error: string }>(await call('PUT', '/api/v1/aliases', admin, { ip: 'not-an-ip', name: 'x' }), 400)).error, /ip.*IPv4 or IPv6/);
    const flow = await json<CallFlow>(await call('GET', `/api/v1/calls/busy@x?at=${T0}`, viewer));
    assert.deepEqual(flow.hosts.map((h) => h.label), ['10.0.0.1:5060', 'pbx-sip']);
    assert.equal((await call('DELETE', '/api/v1/aliases/10.0.0.2?port=5060', viewer)).status, 403);
    assert.equal((await call('DELETE', '/api/v1/aliases/10.0.0.2?port=5060', admin)).status, 204);
    assert.deepEqual(await json(await call('GET', '/api/v1/aliases', viewer)), [{ ip: '10.0.0.2', port: null, name: 'pbx' }]);
    assert.equal(aliasChanges, 3);
  });

  test('GET /locations: every registered location once, sorted', async () => {
    assert.deepEqual(await json(await call('GET', '/api/v1/locations', viewer)), ['berlin', 'loc1']);
  });

  test('a store that cannot be read answers 500, not a hang or a crash', async () => {
    stores.messages.setDown(true);
    try {
      assert.equal((await search({ fields: { callId: 'a@x' } })).status, 500);
      assert.equal((await call('GET', `/api/v1/calls/a@x?at=${T0}`, viewer)).status, 500);
    } finally {
      stores.messages.setDown(false);
    }
    assert.equal((await search({ fields: { callId: 'a@x' } })).status, 200);
  });
});
