// HEP over real UDP and TCP sockets into a running capture node and a real Cassandra;
// rows read back and compared field by field; hostile input counted while valid traffic flows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { dayOf } from '../../src/store/types.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { callFlow, registration, toHep } from '../support/call-flows.js';
import { counter, hepBytes, sendTcp, sendUdp, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';

describe('capture node into Cassandra', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  let reader: CassandraMessageReader;
  const t0 = 1_763_974_800_000_000n; // 2025-11-24T09:00:00Z
  before(async () => {
    ks = await testKeyspace('cap');
    cap = await startTestCapture(ks.cfg, ks.client, { extraHeaders: ['X-Customer'] });
    reader = new CassandraMessageReader(ks.client, 'LOCAL_ONE');
  });
  after(async () => {
    await cap.role.close();
    await ks.drop();
  });
  const stored = () => counter(cap.registry, 'siptrail_capture_stored_total');

  test('a call over UDP HEP3 is stored with every parsed field', async () => {
    const flow = callFlow({ callId: 'udp-call-1@test', from: '+4930111', to: '0211234567', t0, extraHeaders: ['X-CID: leg-a@test', 'X-Customer: 42'] });
    const base = await stored();
    await sendUdp(cap.udpPort, flow.map((m) => hepBytes(toHep(m))));
    await waitFor(async () => (await stored()) >= base + flow.length, 20_000, 'rows stored');
    const rows = await reader.getCall(dayOf(t0), 'udp-call-1@test');
    assert.equal(rows.length, 7);
    assert.deepEqual(rows.map((r) => r.method ?? r.status), ['INVITE', 100, 180, 200, 'ACK', 'BYE', 200]);
    const inv = rows[0]!;
    assert.equal(inv.ts, t0);
    assert.equal(inv.srcIp, '10.0.0.1');
    assert.equal(inv.srcPort, 5060);
    assert.equal(inv.dstIp, '10.0.0.2');
    assert.equal(inv.transport, 'udp');
    assert.equal(inv.location, 'it');
    assert.equal(inv.node, 'cap-it');
    assert.equal(inv.captureId, 2001);
    assert.equal(inv.ruriUser, '0211234567');
    assert.equal(inv.fromUser, '+4930111');
    assert.equal(inv.toUser, '0211234567');
    assert.equal(inv.pidUser, '+4930111');
    assert.equal(inv.contactUser, '+4930111');
    assert.equal(inv.contactIp, '10.0.0.1');
    assert.equal(inv.contactPort, 5060);
    assert.equal(inv.cseqNum, 1);
    assert.equal(inv.cseqMethod, 'INVITE');
    assert.equal(inv.userAgent, 'siptrail-test/1.0');
    assert.equal(inv.contentType, 'application/sdp');
    assert.equal(inv.maxForwards, 70);
    assert.match(inv.viaBranch ?? '', /^z9hG4bK-/);
    assert.deepEqual(inv.corr, ['leg-a@test']);
    assert.deepEqual(inv.extra, { 'x-customer': '42' });
    assert.equal(inv.payload.toString(), flow[0]!.sip);
    assert.equal(rows[3]!.reasonPhrase, 'OK');
    assert.equal(rows[3]!.toTag, rows[4]!.toTag);
    assert.deepEqual(await reader.correlated(dayOf(t0), 'leg-a@test'), ['udp-call-1@test']);
  });

  test('HEP3 over TCP: many messages in one stream, split anywhere, all stored', async () => {
    const msgs = registration('reg-tcp@test', 'alice', t0 + 5_000_000n).map((m) => hepBytes(toHep(m, { ipProtocol: 6 })));
    const stream = Buffer.concat(msgs);
    const chunks = [stream.subarray(0, 3), stream.subarray(3, 100), stream.subarray(100, stream.length - 7), stream.subarray(stream.length - 7)];
    const base = await stored();
    await sendTcp(cap.tcpPort, chunks);
    await waitFor(async () => (await stored()) >= base + 4, 20_000, 'TCP rows stored');
    const rows = await reader.getCall(dayOf(t0), 'reg-tcp@test');
    assert.deepEqual(rows.map((r) => r.method ?? r.status), ['REGISTER', 401, 'REGISTER', 200]);
    assert.equal(rows[2]!.authUser, 'alice');
    assert.equal(rows[0]!.transport, 'tcp');
  });

  test('HEP v1 and v2 (IPv4 and IPv6) are accepted; v2 carries the capture time', async () => {
    const [m] = callFlow({ callId: 'v2-call@test', from: '111', to: '222', t0: t0 + 9_000_000n });
    const v6 = { ...m!, src: '2001:db8::1', dst: '2001:db8::2' };
    const base = await stored();
    await sendUdp(cap.udpPort, [hepBytes(toHep(m!), 2), hepBytes(toHep({ ...v6, sip: v6.sip.replaceAll('v2-call', 'v2-call6') }), 2), hepBytes(toHep({ ...m!, sip: m!.sip.replaceAll('v2-call', 'v1-call') }), 1)]);
    await waitFor(async () => (await stored()) >= base + 3, 20_000, 'v1/v2 rows');
    assert.equal((await reader.getCall(dayOf(t0), 'v2-call@test'))[0]?.ts, t0 + 9_000_000n);
    assert.equal((await reader.getCall(dayOf(t0), 'v2-call6@test'))[0]?.srcIp, '2001:db8::1');
    const v1 = await reader.getCall(dayOf(BigInt(Date.now()) * 1000n), 'v1-call@test');
    assert.equal(v1.length, 1, 'v1 has no timestamp: stored at receive time');
  });

  test('hostile input is counted and rejected while valid traffic keeps flowing', async () => {
    const rejectedBefore = await counter(cap.registry, 'siptrail_capture_rejected_total');
    const garbage = Array.from({ length: 200 }, (_, i) => randomBytes(1 + (i * 37) % 1400));
    const valid = hepBytes(toHep(callFlow({ callId: 'after-garbage@test', from: '1', to: '2', t0: t0 + 20_000_000n })[0]!));
    const half = valid.subarray(0, valid.length >> 1);
    const wrongVersion = Buffer.from(valid);
    wrongVersion.write('HEP4', 0);
    const notSip = hepBytes(toHep({ tsMicros: t0, src: '10.0.0.1', srcPort: 1, dst: '10.0.0.2', dstPort: 2, sip: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' }));
    await sendUdp(cap.udpPort, [...garbage, half, wrongVersion, notSip, valid]);
    // 1 MB of garbage on a TCP connection: closed by the framer, counted once.
    await sendTcp(cap.tcpPort, [randomBytes(1024 * 1024)]).catch(() => undefined);
    await waitFor(async () => (await reader.getCall(dayOf(t0), 'after-garbage@test')).length === 1, 20_000, 'valid row after garbage');
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_rejected_total')) >= rejectedBefore + 200, 5000, 'rejections counted');
    assert.ok((await counter(cap.registry, 'siptrail_capture_rejected_total', { reason: 'hep-truncated' })) >= 1);
    assert.ok((await counter(cap.registry, 'siptrail_capture_rejected_total', { reason: 'hep-unknown-version' })) >= 1);
    assert.equal(await counter(cap.registry, 'siptrail_capture_rejected_total', { reason: 'sip-not-sip' }), 1);
    assert.equal(await counter(cap.registry, 'siptrail_capture_rejected_total', { reason: 'stream-bad-magic' }), 1);
  });
});

describe('capture node with a TLS listener', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siptrail-tls-'));
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    ks = await testKeyspace('tls');
    cap = await startTestCapture(ks.cfg, ks.client, { hepTls: ['127.0.0.1:0'], tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') });
  });
  after(async () => {
    await cap.role.close();
    await ks.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('HEP3 over TLS is stored', async () => {
    const port = cap.role.listeners.find((l) => l.kind === 'tls')!.port;
    const flow = callFlow({ callId: 'tls-call@test', from: '1', to: '2', t0: 1_763_974_800_000_000n });
    const sock = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    await new Promise<void>((r, j) => { sock.once('secureConnect', r); sock.once('error', j); });
    sock.write(Buffer.concat(flow.map((m) => hepBytes(toHep(m, { ipProtocol: 22 })))));
    await new Promise<void>((r) => sock.end(r));
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) === flow.length, 20_000, 'TLS rows stored');
    const rows = await new CassandraMessageReader(ks.client, 'LOCAL_ONE').getCall('2025-11-24', 'tls-call@test');
    assert.equal(rows.length, 7);
    assert.equal(rows[0]!.transport, 'tls');
    assert.equal(await counter(cap.registry, 'siptrail_capture_received_total', { input: 'tls' }), 7);
  });
});

describe('capture node with an auth key', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  before(async () => {
    ks = await testKeyspace('auth');
    cap = await startTestCapture(ks.cfg, ks.client, { authKey: 's3cret' });
  });
  after(async () => {
    await cap.role.close();
    await ks.drop();
  });

  test('packets without the right key are counted and dropped, the right key is stored', async () => {
    const m = callFlow({ callId: 'auth@test', from: '1', to: '2', t0: 1_763_974_800_000_000n })[0]!;
    await sendUdp(cap.udpPort, [hepBytes(toHep(m, { authKey: 'wrong' })), hepBytes(toHep(m)), hepBytes(toHep(m, { authKey: 's3cret' }))]);
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) === 1, 20_000, 'one stored');
    assert.equal(await counter(cap.registry, 'siptrail_capture_rejected_total', { reason: 'hep-auth-failed' }), 2);
  });
});
