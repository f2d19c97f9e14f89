// One Call-ID flooded with 100,000 messages through a real capture node (HEP over TCP)
// into the real Cassandra: the query node's call view and call export stay within the
// configured cap (query.callMaxRows), say that they were cut, and answer in seconds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testKeyspace } from '../support/test-cassandra.js';
import { callFlow, toHep } from '../support/call-flows.js';
import { counter, hepBytes, sendTcp, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { ADMIN_PASSWORD, ApiClient, startTestQuery } from '../support/query-node.js';
import type { HttpHandle } from '../../src/http/server.js';
import type { CallFlow } from '../../web/src/types.js';

const FLOOD = 100_000;
/** 2025-11-21T08:00:00Z. */
const T0 = 1_763_712_000_000_000n;
const CALL_ID = 'flood@huge-call.test';

describe('a call flooded with 100,000 messages', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  let http: HttpHandle;
  let api: ApiClient;

  before(async () => {
    ks = await testKeyspace('huge');
    cap = await startTestCapture(ks.cfg, ks.client);
    // The INVITE over and over, 1 µs apart, each with a header of its own: every one a
    // distinct message (identical bytes would share an id and show once in the flow).
    const [invite] = callFlow({ callId: CALL_ID, from: '+4930100', to: '0211100', t0: T0 });
    assert.ok(invite);
    const frames = Array.from({ length: FLOOD }, (_, i) => hepBytes(toHep({ ...invite, sip: invite.sip.replace('Max-Forwards: 70', `Max-Forwards: 70\r\nX-Flood: ${i}`), tsMicros: T0 + BigInt(i) })));
    await sendTcp(cap.tcpPort, frames);
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) >= FLOOD, 240_000, `${FLOOD} messages stored`);
    ks.cfg.query = { ...ks.cfg.query, callMaxRows: 5_000 };
    ({ http } = await startTestQuery(ks.cfg, ks.client));
    api = new ApiClient(`http://127.0.0.1:${http.port}`);
    assert.equal((await api.login('admin', ADMIN_PASSWORD)).status, 200);
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too */
    await http?.close();
    await cap?.role.close();
    await ks?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  });

  test('the call view reads at most callMaxRows of it and says the call was cut', async () => {
    const started = performance.now();
    const r = await api.call<CallFlow>('GET', `/api/v1/calls/${encodeURIComponent(CALL_ID)}?at=${T0}&unique=false`);
    const ms = performance.now() - started;
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.messages.length, 5_000);
    assert.deepEqual(r.body.truncated, { callIds: [CALL_ID], maxRows: 5_000, maxBytes: 32 * 2 ** 20 });
    assert.equal(r.body.messages[0]?.ts, T0.toString(), 'the oldest first');
    process.stdout.write(`# call view of a 100,000-message call: ${Math.round(ms)} ms for the first 5,000\n`);
    assert.ok(ms < 30_000, `${Math.round(ms)} ms`);
  });

  test('the call export holds the same 5,000 and names the cut call in a header', async () => {
    const r = await api.call('GET', `/api/v1/calls/${encodeURIComponent(CALL_ID)}/export?at=${T0}&format=json`);
    assert.equal(r.status, 200);
    assert.equal(r.res.headers.get('siptrail-call-truncated'), encodeURIComponent(CALL_ID));
    const body = (await r.res.json()) as unknown[];
    assert.equal(body.length, 5_000);
  });
});
