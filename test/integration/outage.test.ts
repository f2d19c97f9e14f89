// Cassandra stopped in the middle of a stream, then restarted: the capture node spools
// to disk while it is down and replays afterwards; every packet is stored exactly once.
// This suite stops and restarts the shared test Cassandra, so it runs on its own
// (the harness runs integration files one at a time).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/log/logger.js';
import { startLocal, stopLocal } from '../../cluster/local-cluster.js';
import { TEST_LOCAL, testKeyspace } from '../support/test-cassandra.js';
import { callFlow, toHep } from '../support/call-flows.js';
import { counter, hepBytes, sendUdp, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';

const N = 400;
const t0 = 1_763_974_800_000_000n;
const packets = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => hepBytes(toHep(callFlow({ callId: `outage-${from + i}`, from: '1', to: '2', t0: t0 + BigInt(from + i) * 1000n })[0]!)));

describe('Cassandra outage during ingest', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  before(async () => {
    ks = await testKeyspace('outage');
    cap = await startTestCapture(ks.cfg, ks.client);
  });
  after(async () => {
    await startLocal(TEST_LOCAL, silentLogger()); // leave the shared node running for later suites
    await cap.role.close();
    await ks.drop();
  });

  test('stop Cassandra mid-stream, keep sending, restart: every packet stored exactly once', { timeout: 240_000 }, async () => {
    const c = (name: string) => counter(cap.registry, name);
    await sendUdp(cap.udpPort, packets(0, N));
    await waitFor(async () => (await c('siptrail_capture_stored_total')) === N, 30_000, 'first half stored');

    await stopLocal(TEST_LOCAL, silentLogger());
    await sendUdp(cap.udpPort, packets(N, 2 * N));
    await waitFor(async () => (await c('siptrail_capture_spooled_total')) === N, 30_000, 'second half spooled while Cassandra is down');
    assert.equal(await c('siptrail_capture_stored_total'), N, 'nothing claims to be stored while Cassandra is down');
    assert.ok((await c('siptrail_capture_spool_bytes')) > 0);

    await startLocal(TEST_LOCAL, silentLogger());
    await waitFor(async () => (await c('siptrail_capture_stored_total')) === 2 * N, 120_000, 'spool replayed after restart');
    assert.equal(await c('siptrail_capture_replayed_total'), N);
    assert.equal(await c('siptrail_capture_dropped_total'), 0);
    assert.equal(await c('siptrail_capture_spool_bytes'), 0);

    const byCall = await ks.client.execute('SELECT COUNT(*) AS n FROM messages');
    const byTime = await ks.client.execute('SELECT COUNT(*) AS n FROM search_rows');
    assert.equal(Number(byCall.rows[0]!.get('n')), 2 * N, 'messages: each packet once');
    assert.equal(Number(byTime.rows[0]!.get('n')), 2 * N, 'search_rows: each packet once');
  });
});
