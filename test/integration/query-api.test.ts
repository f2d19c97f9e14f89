// The query API end to end: fixture traffic sent through real capture nodes into a real
// Cassandra, then searched, assembled and exported over HTTP as a user (or script) would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeyspace } from '../support/test-cassandra.js';
import { callFlow, registration, toHep, type WireMessage } from '../support/call-flows.js';
import { counter, hepBytes, sendUdp, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { ADMIN_PASSWORD, ApiClient, startTestQuery } from '../support/query-node.js';
import type { HttpHandle } from '../../src/http/server.js';
import type { CallFlow, MessageDetail, SearchResponse } from '../../web/src/types.js';

const t0 = 1_763_892_000_000_000n; // 2025-11-23T10:00:00Z
const tMid = 1_763_942_390_000_000n; // 2025-11-23T23:59:50Z: this call ends after midnight
const RANGE = { from: '2025-11-23T00:00:00Z', to: '2025-11-24T01:00:00Z' };
const XSS = '<script>alert(1)</script>';

const traffic: WireMessage[] = [
  ...callFlow({ callId: 'api-a@test', from: '+4930111', to: '0211234567', t0, extraHeaders: ['X-Customer: 42'] }),
  ...callFlow({ callId: 'api-b@test', from: '+4930111', to: '0211234567', t0: t0 + 2_000n, caller: '10.0.1.1', callee: '10.0.1.2', extraHeaders: ['X-CID: api-a@test'] }),
  ...callFlow({ callId: 'api-a@test_b2b-1', from: '+4930111', to: '0211234567', t0: t0 + 4_000n, caller: '10.0.2.1', callee: '10.0.2.2' }),
  ...callFlow({ callId: 'api-busy@test', from: '+4930222', to: '0211999888', t0: t0 + 60_000_000n, failWith: [486, 'Busy Here'], extraHeaders: ['Diversion: <sip:+4930333@10.0.0.1>;reason=user-busy', 'Reason: Q.850;cause=17'] }),
  ...registration('api-reg@test', 'alice', t0 + 120_000_000n),
  ...callFlow({ callId: 'api-xss@test', from: '+4930444', to: '0211444', t0: t0 + 180_000_000n, extraHeaders: [`X-Customer: ${XSS}`, 'Subject: <img src=x onerror=alert(1)>'] }),
  ...callFlow({ callId: 'api-mid@test', from: '+4930555', to: '0211555', t0: tMid }),
];

describe('query API over real capture and Cassandra', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  let cap2: TestCapture;
  let http: HttpHandle;
  let api: ApiClient;
  const search = async (body: Record<string, unknown>) => api.call<SearchResponse>('POST', '/api/v1/search', { ...RANGE, limit: 1000, ...body });
  const callIds = async (fields: Record<string, string>, extra: Record<string, unknown> = {}) => {
    const r = await search({ fields, ...extra });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return [...new Set(r.body.messages.map((m) => m.callId))].sort();
  };

  before(async () => {
    ks = await testKeyspace('api');
    cap = await startTestCapture(ks.cfg, ks.client, { extraHeaders: ['X-Customer'] });
    cap2 = await startTestCapture({ ...ks.cfg }, ks.client, { extraHeaders: ['X-Customer'], location: 'it2', nodeName: 'cap-it2' });
    const q = await startTestQuery(ks.cfg, ks.client);
    http = q.http;
    api = new ApiClient(q.base);
    await sendUdp(cap.udpPort, traffic.map((m) => hepBytes(toHep(m))));
    await sendUdp(cap2.udpPort, [hepBytes(toHep(traffic[0]!))]); // the same INVITE seen at a second capture point
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) === traffic.length && (await counter(cap2.registry, 'siptrail_capture_stored_total')) === 1, 30_000, 'traffic stored');
    assert.equal((await api.login('admin', ADMIN_PASSWORD)).status, 200);
  });
  after(async () => {
    await http.close();
    await cap.role.close();
    await cap2.role.close();
    await ks.drop();
  });

  test('no session: 401 for the API; health, metrics and the OpenAPI document are open', async () => {
    const anon = new ApiClient(api.base);
    assert.equal((await anon.call('POST', '/api/v1/search', {})).status, 401);
    assert.equal((await anon.call('GET', '/api/v1/calls/api-a@test')).status, 401);
    assert.equal((await anon.call('GET', '/health')).status, 200);
    assert.equal((await anon.call('GET', '/metrics')).status, 200);
    const doc = await anon.call<{ openapi: string }>('GET', '/api/v1/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
  });

  test('every search field alone finds exactly its calls', async () => {
    const busy = (await callIds({ callId: 'api-busy@test' }));
    assert.deepEqual(busy, ['api-busy@test']);
    const first = (await search({ fields: { callId: 'api-busy@test', method: 'INVITE' } })).body.messages[0]!;
    const cases: [Record<string, string>, string[]][] = [
      [{ ruriUser: '0211234567' }, ['api-a@test', 'api-a@test_b2b-1', 'api-b@test']],
      [{ toUser: '0211999888' }, ['api-busy@test']],
      [{ fromUser: '+4930222' }, ['api-busy@test']],
      [{ pidUser: '+4930444' }, ['api-xss@test']],
      [{ contactUser: '+4930555' }, ['api-mid@test']],
      [{ authUser: 'alice' }, ['api-reg@test']],
      [{ callId: 'api-reg@test' }, ['api-reg@test']],
      [{ fromTag: first.fromTag! }, ['api-busy@test']],
      [{ method: 'REGISTER' }, ['api-reg@test']],
      [{ status: '486' }, ['api-busy@test']],
      [{ reasonPhrase: 'Busy Here' }, ['api-busy@test']],
      [{ srcIp: '10.0.1.1' }, ['api-b@test']],
      [{ dstIp: '10.0.2.2' }, ['api-a@test_b2b-1']],
      [{ contactIp: '10.0.2.1' }, ['api-a@test_b2b-1']],
      [{ originatorIp: '10.0.2.1' }, ['api-a@test_b2b-1']],
      [{ ruri: 'sip:0211999888@10.0.0.2' }, ['api-busy@test']],
      [{ via: '*10.0.1.1*' }, ['api-b@test']],
      [{ diversion: '*4930333*' }, ['api-busy@test']],
      [{ reason: 'Q.850*' }, ['api-busy@test']],
      [{ cseqMethod: 'REGISTER' }, ['api-reg@test']],
      [{ userAgent: 'siptrail-test-uas' }, ['api-busy@test']],
      [{ location: 'it2' }, ['api-a@test']],
    ];
    for (const [fields, want] of cases) assert.deepEqual(await callIds(fields), want, JSON.stringify(fields));
    const byBranch = await callIds({ viaBranch: first.id ? (await api.call<MessageDetail>('GET', `/api/v1/messages/${first.id}`)).body.viaBranch as string : '' });
    assert.deepEqual(byBranch, ['api-busy@test']);
    assert.deepEqual(await callIds({}, { extra: { 'x-customer': '42' } }), ['api-a@test']);
    const byes = (await search({ fields: { method: 'BYE', srcPort: '5060', dstPort: '5060', transport: 'udp', cseq: '2', contentType: '!application/sdp' } })).body.messages;
    assert.ok(byes.length >= 5);
    assert.ok(byes.every((m) => m.method === 'BYE'));
  });

  test('AND, OR, prefix, negation, lists, locations and unique packets', async () => {
    assert.deepEqual(await callIds({ fromUser: '+4930111', srcIp: '10.0.1.1' }), ['api-b@test']);
    assert.deepEqual(await callIds({ fromUser: '+4930222', authUser: 'alice' }, { op: 'or' }), ['api-busy@test', 'api-reg@test']);
    assert.deepEqual(await callIds({ toUser: '0211*', callId: 'api-*' }), ['api-a@test', 'api-a@test_b2b-1', 'api-b@test', 'api-busy@test', 'api-mid@test', 'api-xss@test']);
    assert.deepEqual(await callIds({ callId: 'api-*', fromUser: '!+4930111;!+4930555', method: 'INVITE' }), ['api-busy@test', 'api-xss@test']);
    assert.deepEqual(await callIds({ callId: 'api-busy@test;api-reg@test' }), ['api-busy@test', 'api-reg@test']);
    assert.deepEqual(await callIds({ callId: 'api-a@test' }, { withLegs: true }), ['api-a@test', 'api-a@test_b2b-1', 'api-b@test']);
    const both = (await search({ fields: { callId: 'api-a@test', method: 'INVITE' } })).body.messages;
    assert.deepEqual(both.map((m) => m.location).sort(), ['it', 'it2']);
    const folded = (await search({ fields: { callId: 'api-a@test', method: 'INVITE' }, unique: true })).body.messages;
    assert.equal(folded.length, 1);
    assert.deepEqual(await callIds({ callId: 'api-a@test' }, { locations: ['it2'] }), ['api-a@test']);
  });

  test('results come newest first and page with a cursor, without gaps or repeats', async () => {
    const all = (await search({ fields: { callId: 'api-*' } })).body.messages;
    assert.equal(all.length, traffic.length + 1);
    for (let i = 1; i < all.length; i++) assert.ok(BigInt(all[i - 1]!.ts) >= BigInt(all[i]!.ts));
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r = await search({ fields: { callId: 'api-*' }, limit: 7, ...(cursor ? { cursor } : {}) });
      ids.push(...r.body.messages.map((m) => m.id));
      cursor = r.body.cursor;
      if (!cursor) break;
    }
    assert.deepEqual(ids, all.map((m) => m.id));
  });

  test('a 3-leg call assembles into one flow: legs linked by X-CID and the B2B Call-ID suffix', async () => {
    const r = await api.call<CallFlow>('GET', `/api/v1/calls/${encodeURIComponent('api-a@test')}?at=${t0}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([...r.body.callIds].sort(), ['api-a@test', 'api-a@test_b2b-1', 'api-b@test']);
    assert.equal(r.body.messages.length, 21, 'three legs of 7, the copy from it2 folded');
    const legOf = (m: { callId: string }) => m.callId;
    const invites = r.body.messages.filter((m) => m.label === 'INVITE');
    assert.deepEqual(invites.map(legOf), ['api-a@test', 'api-b@test', 'api-a@test_b2b-1']);
    assert.deepEqual(invites.map((m) => m.leg), [0, 1, 2]);
    for (let i = 1; i < r.body.messages.length; i++) assert.ok(BigInt(r.body.messages[i - 1]!.ts) <= BigInt(r.body.messages[i]!.ts));
    assert.ok(r.body.hosts.length >= 6);
    const noLegs = await api.call<CallFlow>('GET', `/api/v1/calls/${encodeURIComponent('api-a@test')}?at=${t0}&legs=false&unique=false`);
    assert.equal(noLegs.body.messages.length, 8);
  });

  test('a call crossing midnight is one flow', async () => {
    const r = await api.call<CallFlow>('GET', `/api/v1/calls/api-mid@test?at=${tMid}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.messages.map((m) => m.label), ['INVITE', '100 Trying', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK']);
    assert.ok(BigInt(r.body.messages[5]!.ts) > 1_763_942_400_000_000n, 'the BYE is on the next day');
  });

  test('pcap export of a call opens in tshark with every SIP message', async () => {
    const r = await api.call('GET', `/api/v1/calls/api-busy@test/export?format=pcap&at=${t0}`);
    assert.equal(r.status, 200);
    assert.match(r.res.headers.get('content-disposition') ?? '', /attachment; filename="call-api-busy_test.pcap"/);
    const file = join(mkdtempSync(join(tmpdir(), 'siptrail-pcap-')), 'call.pcap');
    writeFileSync(file, Buffer.from(await r.res.arrayBuffer()));
    const ts = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
    assert.equal(ts.status, 0, ts.stderr);
    const lines = ts.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map((l) => l[0] || l[1]), ['INVITE', '100', '486', 'ACK']);
    assert.ok(lines.every((l) => l[2] === 'api-busy@test'));
    assert.equal(lines[0]![3], '1763892060.000000000');
    const text = await api.call('GET', `/api/v1/calls/api-busy@test/export?format=text&at=${t0}`);
    assert.match(await text.res.text(), /2025-11-23 10:01:00\.000000 UTC/);
    const res = await api.call('POST', '/api/v1/export', { search: { ...RANGE, fields: { callId: 'api-reg@test' } }, format: 'json' });
    assert.equal(res.status, 200);
    assert.equal(((await res.res.json()) as unknown[]).length, 4);
  });

  test('a hostile SIP message is returned verbatim, as data', async () => {
    const inv = (await search({ fields: { callId: 'api-xss@test', method: 'INVITE' } })).body.messages[0]!;
    const d = await api.call<MessageDetail>('GET', `/api/v1/messages/${inv.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(d.body.extra['x-customer'], XSS);
    assert.ok(d.body.payload.includes('Subject: <img src=x onerror=alert(1)>'));
    assert.equal((await api.call('GET', '/api/v1/messages/bm90LWFuLWlk')).status, 400);
  });

  test('requests that do not fit the API get 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ limit: 0 }, /body\.limit/],
      [{ fields: { fooUser: 'x' } }, /fooUser/],
      [{ from: 'yesterday' }, /from/],
      [{ op: 'xor' }, /body\.op/],
      [{ nonsense: true }, /nonsense/],
      [{ from: '2025-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }, /31 days/],
    ];
    for (const [body, msg] of cases) {
      const r = await api.call<{ error: string }>('POST', '/api/v1/search', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error, msg);
    }
  });

  test('users: admin adds a viewer; a viewer cannot manage users; wrong passwords are rate-limited', async () => {
    assert.equal((await api.call('POST', '/api/v1/users', { username: 'vera', password: 'viewer-pass-1', role: 'viewer' })).status, 201);
    const vera = new ApiClient(api.base);
    assert.equal((await vera.login('vera', 'viewer-pass-1')).status, 200);
    assert.equal((await vera.call('GET', '/api/v1/users')).status, 403);
    assert.equal((await vera.call('PUT', '/api/v1/aliases', { ip: '10.0.0.1', name: 'x' })).status, 403);
    assert.equal((await vera.call('POST', '/api/v1/search', { ...RANGE, fields: { callId: 'api-reg@test' } })).status, 200);
    const mallory = new ApiClient(api.base);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await mallory.login('vera', `wrong-${i}-password`)).status);
    assert.deepEqual(codes.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(codes[6], 429);
  });

  test('an alias set by an admin labels its host in the call flow', async () => {
    assert.equal((await api.call('PUT', '/api/v1/aliases', { ip: '10.0.0.2', port: 5060, name: 'siproxy03' })).status, 200);
    const r = await api.call<CallFlow>('GET', `/api/v1/calls/api-busy@test?at=${t0}`);
    assert.ok(r.body.hosts.some((h) => h.label === 'siproxy03'), JSON.stringify(r.body.hosts));
    assert.deepEqual((await api.call('GET', '/api/v1/locations')).body, ['it', 'it2']);
  });
});
