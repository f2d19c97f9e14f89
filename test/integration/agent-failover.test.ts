// Failover: the agent sends to two capture nodes; one is closed while sipp runs. Every
// message sipp sent is still stored exactly once (rows counted in Cassandra), over UDP (the
// TCP-connect health probe and port-unreachable answers notice the loss) and over TCP (the
// closed connection does). When the node comes back, its calls go to it again. Last, a
// capture node process is killed outright (SIGKILL): what it held unwritten is covered by
// the agent sending its last messages again to the other node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type cassandra from 'cassandra-driver';
import { testKeyspace } from '../support/test-cassandra.js';
import { counter, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { freeTcpUdpPort, startAgentProcess, type AgentProcess } from '../support/agent-process.js';
import { runSipp, sippMissing, type SippRun } from '../support/sipp.js';

const skip = (process.getuid?.() === 0 ? false : 'needs root for libpcap on lo') || sippMissing;

async function rowCount(client: cassandra.Client): Promise<number> {
  const r = await client.execute('SELECT COUNT(*) AS n FROM messages');
  return Number(r.first().get('n'));
}

/** The (Call-ID, CSeq, first line, bytes) of every message sipp sent, which the store must hold once each. */
function sentKeys(runs: SippRun[]): string[] {
  return runs.flatMap((r) => [...r.uacSent, ...r.uasSent]).map((m) => `${m.callId}|${m.cseq}|${m.kind}|${m.text}`).sort();
}

async function storedKeys(client: cassandra.Client): Promise<string[]> {
  const out: string[] = [];
  type Row = { call_id: string; cseq_num: bigint; cseq_method: string; method: string | null; status: number | null; payload: Buffer };
  // The driver's ResultStream is a Readable (async-iterable) typed as a plain EventEmitter.
  const rows = client.stream('SELECT call_id, cseq_num, cseq_method, method, status, payload FROM messages', [], { prepare: true, fetchSize: 1000 }) as unknown as AsyncIterable<Row>;
  for await (const r of rows) {
    out.push(`${r.call_id}|${r.cseq_num} ${r.cseq_method}|${r.method ?? r.status}|${r.payload.toString('latin1')}`);
  }
  return out.sort();
}

for (const transport of ['udp', 'tcp'] as const) {
  describe(`agent failover over ${transport.toUpperCase()}: one of two capture nodes closed while sipp runs`, { skip }, () => {
    let ks: Awaited<ReturnType<typeof testKeyspace>>;
    let a: TestCapture;
    let b: TestCapture;
    let agent: AgentProcess;
    let portA: number;
    let portB: number;
    const runs: SippRun[] = [];
    const base = transport === 'udp' ? 5180 : 5184;

    before(async () => {
      ks = await testKeyspace(`fo${transport}`);
      portA = await freeTcpUdpPort();
      portB = await freeTcpUdpPort();
      a = await startTestCapture(structuredClone(ks.cfg), ks.client, { hepUdp: [`127.0.0.1:${portA}`], hepTcp: [`127.0.0.1:${portA}`], nodeName: 'cap-a' });
      b = await startTestCapture(structuredClone(ks.cfg), ks.client, { hepUdp: [`127.0.0.1:${portB}`], hepTcp: [`127.0.0.1:${portB}`], nodeName: 'cap-b' });
      agent = await startAgentProcess([
        '--agent.interface=lo',
        `--agent.filter=portrange ${base}-${base + 3}`,
        `--agent.targets=127.0.0.1:${portA},127.0.0.1:${portB}`,
        `--agent.transport=${transport}`,
        '--agent.probe-interval-ms=200',
        '--agent.resend-ms=3000',
      ]);
      assert.match(agent.startupLine, /\(up\), 127\.0\.0\.1:\d+ \(up\)/);
    });
    after(async () => {
      /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
      await agent?.stop();
      await a?.role.close();
      await b?.role.close();
      await ks?.drop();
      /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    });

    test('node A closed mid-run: every message sipp sent is stored exactly once', async () => {
      const storedA0 = await counter(a.registry, 'siptrail_capture_stored_total');
      const run = await runSipp({
        dir: mkdtempSync(join(tmpdir(), 'sipp-')),
        uasPort: base,
        uacPort: base + 1,
        calls: 60,
        rate: 20,
        during: async () => {
          await new Promise((r) => setTimeout(r, 1500));
          await a.role.close();
        },
      });
      runs.push(run);
      assert.equal(run.uacExit, 0);
      assert.equal(run.successfulCalls, 60);
      const expected = sentKeys(runs);
      assert.equal(expected.length, 360);
      await waitFor(async () => (await rowCount(ks.client)) >= expected.length, 30_000, 'every message stored');
      await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
      assert.equal(await rowCount(ks.client), expected.length, 'no message twice');
      assert.deepEqual(await storedKeys(ks.client), expected);
      assert.ok((await counter(a.registry, 'siptrail_capture_stored_total')) > storedA0, 'node A took its calls before it closed');
      assert.ok((await counter(b.registry, 'siptrail_capture_stored_total')) > 0, 'node B took the rest');
      assert.equal(await agent.metric('siptrail_agent_target_down_total', { target: `127.0.0.1:${portA}` }), 1);
      assert.equal(await agent.metric('siptrail_agent_target_up', { target: `127.0.0.1:${portA}` }), 0);
      assert.equal(await agent.metric('siptrail_agent_dropped_total'), 0);
      assert.match(agent.stderr(), /capture node 127\.0\.0\.1:\d+ is down/);
    });

    test('node A back on its port: the agent sees it up and sends its calls there again', async () => {
      a = await startTestCapture(structuredClone(ks.cfg), ks.client, { hepUdp: [`127.0.0.1:${portA}`], hepTcp: [`127.0.0.1:${portA}`], nodeName: 'cap-a' });
      await waitFor(async () => (await agent.metric('siptrail_agent_target_up', { target: `127.0.0.1:${portA}` })) === 1, 10_000, 'node A up again');
      const run = await runSipp({ dir: mkdtempSync(join(tmpdir(), 'sipp-')), uasPort: base + 2, uacPort: base + 3, calls: 20, rate: 20 });
      runs.push(run);
      assert.equal(run.successfulCalls, 20);
      const expected = sentKeys(runs);
      await waitFor(async () => (await rowCount(ks.client)) >= expected.length, 30_000, 'every message stored');
      assert.deepEqual(await storedKeys(ks.client), expected);
      assert.ok((await counter(a.registry, 'siptrail_capture_stored_total')) > 0, 'the new node A stores calls again');
    });
  });
}

/** `siptrail capture` as its own process on 127.0.0.1:port (UDP and TCP), writing to the test keyspace. */
async function captureProcess(ks: { cfg: { cassandra: { contactPoints: string[]; keyspace: string } } }, port: number, name: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
  const args = ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'cluster', 'main.ts'), 'capture', '--cassandra.mode=external', `--cassandra.contact-points=${ks.cfg.cassandra.contactPoints[0]}`, `--cassandra.keyspace=${ks.cfg.cassandra.keyspace}`, `--capture.hep-udp=127.0.0.1:${port}`, `--capture.hep-tcp=127.0.0.1:${port}`, '--http.listen=127.0.0.1:0', `--capture.spool-dir=${mkdtempSync(join(tmpdir(), 'siptrail-spool-'))}`, '--capture.location=it', `--capture.node-name=${name}`, '--log.format=json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`capture node did not start: ${err}`)), 30_000);
    child.stderr.on('data', (d: Buffer | string) => {
      err += String(d);
      if (err.includes('siptrail capture ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`capture node exited (${code}): ${err}`)));
  });
  return child;
}

describe('agent failover: a capture node process killed (SIGKILL) while sipp runs', { skip }, () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let a: ChildProcess;
  let b: ChildProcess;
  let agent: AgentProcess;
  let portA: number;

  before(async () => {
    ks = await testKeyspace('fokill');
    portA = await freeTcpUdpPort();
    const portB = await freeTcpUdpPort();
    [a, b] = await Promise.all([captureProcess(ks, portA, 'cap-a'), captureProcess(ks, portB, 'cap-b')]);
    agent = await startAgentProcess(['--agent.interface=lo', '--agent.filter=portrange 5188-5189', `--agent.targets=127.0.0.1:${portA},127.0.0.1:${portB}`, '--agent.probe-interval-ms=200', '--agent.resend-ms=3000']);
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    await agent?.stop();
    const running = [a, b].filter((c) => c && c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map((c) => new Promise((r) => c.once('exit', r))));
    await ks?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  });

  test('every message sipp sent is stored exactly once', async () => {
    const run = await runSipp({
      dir: mkdtempSync(join(tmpdir(), 'sipp-')),
      uasPort: 5188,
      uacPort: 5189,
      calls: 60,
      rate: 20,
      during: async () => {
        await new Promise((r) => setTimeout(r, 1500));
        a.kill('SIGKILL');
      },
    });
    assert.equal(run.successfulCalls, 60);
    const expected = sentKeys([run]);
    await waitFor(async () => (await rowCount(ks.client)) >= expected.length, 30_000, 'every message stored');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await storedKeys(ks.client), expected);
    assert.equal(a.signalCode, 'SIGKILL');
    assert.equal(await agent.metric('siptrail_agent_target_down_total', { target: `127.0.0.1:${portA}` }), 1);
    assert.ok((await agent.metric('siptrail_agent_resent_total')) > 0, 'the killed node\'s last messages went to the other node again');
  });
});
