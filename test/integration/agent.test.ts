// The agent end to end: `siptrail agent` captures real sipp calls (UAC and UAS on loopback,
// SIP over UDP, then over TCP) with libpcap on `lo`, sends HEP3 to a running capture node,
// and every message sipp's own trace says it sent is found in Cassandra exactly once, with
// its addresses, ports, transport, capture time and bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { dayOf, type MessageRow } from '../../src/store/types.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { counter, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { freeTcpUdpPort, startAgentProcess, type AgentProcess } from '../support/agent-process.js';
import { runSipp, sippMissing, type SippMessage, type SippRun } from '../support/sipp.js';

const canCapture = process.getuid?.() === 0 ? false : 'needs root for libpcap on lo';
const skip = canCapture || sippMissing;
const CALLS = 10;

/** Checks that every message sipp sent is stored once, as sent, between the right endpoints. */
async function assertStored(reader: CassandraMessageReader, run: SippRun, uac: number, uas: number, transport: string): Promise<void> {
  const sent: [SippMessage, number, number][] = [...run.uacSent.map((m): [SippMessage, number, number] => [m, uac, uas]), ...run.uasSent.map((m): [SippMessage, number, number] => [m, uas, uac])];
  const callIds = [...new Set(sent.map(([m]) => m.callId))];
  assert.equal(callIds.length, CALLS);
  const rows = new Map<string, MessageRow[]>();
  for (const id of callIds) rows.set(id, await reader.getCall(dayOf(sent[0]![0].tsMicros), id));
  assert.equal([...rows.values()].reduce((n, r) => n + r.length, 0), sent.length, 'one row per message sipp sent, no more');
  for (const [m, from, to] of sent) {
    const found = rows.get(m.callId)!.filter((r) => r.payload.toString('latin1') === m.text);
    assert.equal(found.length, 1, `${m.kind} ${m.cseq} of ${m.callId} stored once, byte for byte`);
    const r = found[0]!;
    assert.equal(String(r.method ?? r.status), m.kind);
    assert.deepEqual([r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.transport], ['127.0.0.1', from, '127.0.0.1', to, transport], `${m.kind} of ${m.callId}`);
    const skew = r.ts - m.tsMicros;
    assert.ok(skew > -100_000n && skew < 100_000n, `capture time ${r.ts} within 100 ms of sipp's send time ${m.tsMicros} (${skew} µs)`);
    assert.equal(r.captureId, 2001);
    assert.equal(r.node, 'agent-it');
  }
}

describe('siptrail agent: sipp calls on lo into Cassandra', { skip }, () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  let agent: AgentProcess;
  let reader: CassandraMessageReader;
  let port: number;
  const stored = () => counter(cap.registry, 'siptrail_capture_stored_total');

  before(async () => {
    ks = await testKeyspace('agent');
    port = await freeTcpUdpPort();
    cap = await startTestCapture(ks.cfg, ks.client, { hepUdp: [`127.0.0.1:${port}`], hepTcp: [`127.0.0.1:${port}`] });
    agent = await startAgentProcess(['--agent.interface=lo', '--agent.filter=port 5170 or port 5171 or port 5172 or port 5173', `--agent.targets=127.0.0.1:${port}`, '--agent.node-name=agent-it', '--agent.probe-interval-ms=300']);
    reader = new CassandraMessageReader(ks.client, 'LOCAL_ONE');
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    const code = await agent?.stop();
    await cap?.role.close();
    await ks?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    assert.equal(code, 0, 'the agent stops cleanly on SIGTERM');
  });

  test('the startup line names the interface, the filter and the targets with their state', () => {
    assert.match(agent.startupLine, /^agent capturing on lo with filter "\(port 5170 or port 5171 or port 5172 or port 5173\) and not \(host 127\.0\.0\.1 and port \d+\)", sending HEP3 over UDP to 127\.0\.0\.1:\d+ \(up\)/);
  });

  test(`${CALLS} sipp calls over UDP: every INVITE/ACK/BYE and response stored once, as sent`, async () => {
    const before = await stored();
    const run = await runSipp({ dir: mkdtempSync(join(tmpdir(), 'sipp-')), uasPort: 5170, uacPort: 5171, calls: CALLS, rate: 10 });
    assert.equal(run.uacExit, 0, 'sipp UAC: every call succeeded');
    assert.equal(run.successfulCalls, CALLS);
    assert.deepEqual(count(run.uacSent), { INVITE: CALLS, ACK: CALLS, BYE: CALLS });
    assert.deepEqual(count(run.uasSent), { '180': CALLS, '200': 2 * CALLS });
    await waitFor(async () => (await stored()) >= before + 6 * CALLS, 20_000, 'rows stored');
    await assertStored(reader, run, 5171, 5170, 'udp');
  });

  test(`${CALLS} sipp calls over TCP: messages cut out of the stream by Content-Length, each stored once`, async () => {
    const before = await stored();
    const run = await runSipp({ dir: mkdtempSync(join(tmpdir(), 'sipp-')), uasPort: 5172, uacPort: 5173, calls: CALLS, rate: 10, transport: 'tcp' });
    assert.equal(run.uacExit, 0);
    assert.equal(run.successfulCalls, CALLS);
    assert.equal(run.uacSent.length + run.uasSent.length, 6 * CALLS);
    await waitFor(async () => (await stored()) >= before + 6 * CALLS, 20_000, 'rows stored');
    await assertStored(reader, run, 5173, 5172, 'tcp');
  });

  test('/metrics counts what the agent saw and sent; /health is ok while a node is up', async () => {
    assert.equal(await agent.metric('siptrail_agent_messages_total', { transport: 'udp' }), 6 * CALLS);
    assert.equal(await agent.metric('siptrail_agent_messages_total', { transport: 'tcp' }), 6 * CALLS);
    assert.equal(await agent.metric('siptrail_agent_sent_total'), 12 * CALLS);
    assert.equal(await agent.metric('siptrail_agent_dropped_total'), 0);
    assert.equal(await agent.metric('siptrail_agent_target_up'), 1);
    assert.equal(await agent.metric('siptrail_agent_pcap_dropped'), 0);
    assert.equal(await counter(cap.registry, 'siptrail_capture_rejected_total'), 0);
    const health = await fetch(agent.startupLine.match(/on (127\.0\.0\.1:\d+)$/)![1]!.replace(/^/, 'http://') + '/health');
    assert.equal(health.status, 200);
  });
});

function count(msgs: SippMessage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of msgs) out[m.kind] = (out[m.kind] ?? 0) + 1;
  return out;
}
