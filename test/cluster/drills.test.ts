// Failure drills (issue 7, item 3) on one local deployment: 3 Cassandra nodes (RF 3), two
// capture and two query processes, started once for the whole file (deployUp) and taken
// down and wiped afterwards, also when a drill fails. Each drill breaks one part under load
// and checks that nothing was lost or stored twice: rows in `messages`, per Call-ID, read
// at ALL, against what was sent. Only generous upper bounds on time: the machine may be
// slow. Run by `npm run test:cluster` (on a shared machine: inside the heavy-run lock).
//
// The captures share one capture.location ("drills"), as capture nodes behind one agent
// must (README, Capture agent): the location is part of the row id, so a message the agent
// sends again after a failover folds into the row the dead node had already written.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import {
  clientConfig, deployDown, deploymentStatus, deployUp, ringConfig, startProcess, stopProcess, wipeDeployment, type Deployment, type DeploymentSpec,
} from '../../cluster/deployment.js';
import { isDeployment } from '../../cluster/deploy-state.js';
import { runningPid, startLocal } from '../../cluster/local-cluster.js';
import { localNodes } from '../../cluster/node-files.js';
import { createLogger } from '../../src/log/logger.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { startAgentProcess, type AgentProcess } from '../support/agent-process.js';
import { captureTotals, waitDrained, type CaptureTotals } from '../support/capture-metrics.js';
import { waitFor } from '../support/capture-node.js';
import { dialogCallId, dialogTo, offerHepTcp, type HepTarget, type LoadResult } from '../support/hep-load.js';
import { ApiClient } from '../support/query-node.js';
import type { CallFlow, SearchResponse } from '../../web/src/types.js';
import { runSipp, sippMissing } from '../support/sipp.js';
import { countDifferences, sippKey, storedPerCallId, storedSippKeys, total } from '../support/stored-calls.js';

const root = join(import.meta.dirname, '..', '..');
// Own folder and ports, apart from `npm start` (9042), the integration tests (9142), the
// ring test (9242), the deploy test (9252/7210/7409/19160/18180) and the benches (9342, 9352).
const SPEC: DeploymentSpec = {
  dir: join(root, '.siptrail', 'drills-test'),
  cassandraNodes: 3, capture: 2, query: 2,
  cqlPort: 9262, storagePort: 7220, jmxPortBase: 7419, heapMb: 768, hepPort: 19260, httpPort: 18280,
  keyspace: 'drills_test',
  extraArgs: { capture: ['--capture.location=drills'] },
  local: { libDir: join(root, '.siptrail', 'lib') },
  // No Cassandra supervisor (deploy up --no-supervise): drill 1 holds node 3 down for 20 s
  // and drill 4 the whole ring for 60 s on purpose, and check what happens meanwhile; a
  // supervisor would bring the nodes back within seconds. Its restart of a killed node is
  // tested in test/cluster/deploy.test.ts and test/browser/storage-outage.test.ts.
  supervise: false,
};
const CAPTURES: HepTarget[] = [1, 2].map((i) => ({ host: `127.0.1.${i}`, port: SPEC.hepPort }));
const CAPTURE_URLS = CAPTURES.map((c) => `http://${c.host}:${SPEC.httpPort}`);
const QUERY_URLS = [1, 2].map((i) => `http://127.0.2.${i}:${SPEC.httpPort}`);
const ANSWERED = ['INVITE', '100 Trying', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK'];
// Like test/integration/agent-failover.test.ts: libpcap on lo needs root; sipp must be installed.
const agentSkip = (process.getuid?.() === 0 ? false : 'needs root for libpcap on lo') || sippMissing;

const log = createLogger({ level: 'info', format: 'pretty' }, false);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (elapsed: () => number, s: number) => {
  while (elapsed() < s) await sleep(100);
};

/** Brings back whatever an earlier drill left down, so that one failed drill does not fail the next. */
async function ensureWhole(): Promise<void> {
  const s = await deploymentStatus(SPEC.dir);
  if (s.cassandra.some((n) => n.pid === null)) await startLocal(ringConfig(SPEC), log);
  for (const p of s.processes) if (p.pid === null) await startProcess(SPEC.dir, p.role, p.index);
}

/** Copies the deployment's configuration and logs (not its data) to a temporary folder; returns it. */
function keepLogs(): string {
  const to = mkdtempSync(join(tmpdir(), 'siptrail-drills-'));
  cpSync(SPEC.dir, to, { recursive: true, filter: (src) => !/[/\\](?:data|commitlog|saved_caches|hints|cdc_raw|spool)$/.test(src) });
  return to;
}

/** SIGKILLs Cassandra node n (its PID from <dir>/cassandra/nodes/nodeN/pid) and waits until it is gone. */
async function killCassandra(n: number): Promise<void> {
  const node = localNodes(ringConfig(SPEC))[n - 1]!;
  const pid = runningPid(node);
  assert.ok(pid, `Cassandra node ${n} runs before it is killed`);
  process.kill(pid, 'SIGKILL');
  await waitFor(() => runningPid(node) === null, 30_000, `Cassandra node ${n} (pid ${pid}) gone`);
  log.info(`drill: Cassandra node ${n} (pid ${pid}) killed`);
}

function systemLog(n: number): string {
  return join(localNodes(ringConfig(SPEC))[n - 1]!.dir, 'logs', 'system.log');
}

/** Bytes in Cassandra node n's system.log now: where what it logs next begins. */
function systemLogSize(n: number): number {
  return existsSync(systemLog(n)) ? statSync(systemLog(n)).size : 0;
}

/** Waits until Cassandra node n logs a line matching `re` after byte `from` of its system.log. */
async function waitSystemLog(n: number, from: number, re: RegExp, timeoutMs: number): Promise<void> {
  await waitFor(() => re.test(readFileSync(systemLog(n)).subarray(from).toString('utf8')), timeoutMs, `Cassandra node ${n} logging ${re}`);
}

async function allCaptureTotals(): Promise<CaptureTotals[]> {
  return Promise.all(CAPTURE_URLS.map(captureTotals));
}

/** A search for one called number within a load's capture times. */
function searchTo(load: Pick<LoadResult, 'startMicros'>, n: number) {
  return { from: String(load.startMicros - 1_000_000n), to: String(load.startMicros + 120_000_000n), fields: { toUser: dialogTo(n) } };
}

describe('failure drills: 3 Cassandra nodes (RF 3), 2 capture and 2 query processes', { timeout: 1_800_000 }, () => {
  let dep: Deployment;
  let client: cassandra.Client;
  let agent: AgentProcess | undefined;
  const apis = QUERY_URLS.map((u) => new ApiClient(u));
  let failed = false;
  /** A drill's body: first everything up again, then the drill; a failure keeps the logs (see after). */
  const drill = (fn: (t: TestContext) => Promise<void>) => async (t: TestContext) => {
    try {
      await ensureWhole();
      await fn(t);
    } catch (err) {
      failed = true;
      throw err;
    }
  };

  const cleanUp = async () => {
    if (!isDeployment(SPEC.dir)) return;
    await deployDown(SPEC.dir, log);
    await wipeDeployment(SPEC.dir);
  };

  /** Waits for the captures to settle, then checks that every packet of `load` is stored exactly once. */
  const checkStored = async (load: LoadResult, before: CaptureTotals[], prefix: string) => {
    const drained = await waitDrained(CAPTURE_URLS, before, load.sent, 600_000);
    assert.deepEqual(drained.map((d) => [d.rejected, d.dropped]), [[0, 0], [0, 0]], 'no packet rejected or dropped');
    const stored = await storedPerCallId(client, (id) => id.startsWith(`${prefix}-`));
    assert.deepEqual(countDifferences(load.perCallId, stored), [], `every Call-ID has exactly the messages sent (${total(stored)} rows for ${load.sent} packets)`);
    assert.equal(total(stored), load.sent, 'rows in messages == packets sent');
    return drained;
  };

  before(async () => {
    try {
      await cleanUp(); // a run killed half-way may have left its deployment behind
      // Two query processes starting at once on a fresh ring can both run the lightweight
      // transaction that creates the session secret; one timed out at SERIAL and exited (seen
      // once in 7 starts). Not what the drills are about: deployUp again starts only what is down.
      dep = await deployUp(SPEC, log).catch((err: unknown) => {
        log.warn(`deployUp failed, once more: ${err instanceof Error ? err.message : String(err)}`);
        return deployUp(SPEC, log);
      });
      client = await connectCassandra(clientConfig(dep.spec), SPEC.keyspace);
      for (const api of apis) assert.equal((await api.login(dep.admin.user, dep.admin.password)).status, 200);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  after(async () => {
    await agent?.stop();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: client may be unset
    await client?.shutdown().catch(() => undefined);
    if (failed && existsSync(SPEC.dir)) log.error(`a drill failed: the deployment's configuration and logs are kept in ${keepLogs()}`);
    await cleanUp();
  });

  test('drill 1: Cassandra node 3 SIGKILLed during ingest at 2,800 packets/s; search and call flow answer while it is down; it rejoins; every packet stored once', { timeout: 900_000 }, drill(async (t) => {
    const ring = ringConfig(dep.spec);
    const before = await allCaptureTotals();
    // HEP over TCP, not UDP: this drill is about storage failover, and on a loaded CI
    // machine the kernel's UDP receive buffer would drop datagrams for reasons of its own.
    const load = await offerHepTcp({
      prefix: 'd1', targets: CAPTURES, rate: 2800, seconds: 40,
      during: async ({ elapsed, startMicros }) => {
        await until(elapsed, 10);
        const api = apis[0]!;
        // null: an answer that is not JSON (a 5xx from a proxy in front, say).
        const search = () => api.call<SearchResponse | null>('POST', '/api/v1/search', searchTo({ startMicros }, 0));
        // Dialog 0 (an answered call sent first) is stored and found before the kill, so the
        // answers with node 3 down have a known right content.
        let found: { id: string; callId: string }[] = [];
        await waitFor(async () => ((found = (await search()).body?.messages ?? []).length >= 7), 60_000, 'dialog 0 found through query 1 before the kill');
        const expected = found.map((m) => m.id);
        assert.deepEqual(found.map((m) => m.callId), Array(7).fill(dialogCallId('d1', 0)));
        const queued = (await allCaptureTotals()).map((c) => c.queueRows);
        const logFrom = [1, 2].map(systemLogSize);
        await killCassandra(3);
        t.diagnostic(`node 3 killed ${elapsed().toFixed(1)} s into the load, with ${queued.join(' / ')} rows queued in capture 1 / 2`);
        const status = await deploymentStatus(SPEC.dir);
        assert.deepEqual(status.cassandra.map((n) => n.up), [true, true, false]);
        // Until the other nodes' failure detector convicts node 3 (15-20 s here), reads can
        // fail: the first search after the kill got a 500 (NoHostAvailableError in the query
        // node's log) in most runs here, and a LOCAL_ONE read whose coordinator still picks
        // node 3 as the replica times out. That answer is shown, not asserted.
        const early = await search();
        t.diagnostic(`search right after the kill: HTTP ${early.status} ${early.status === 200 ? `(${early.body!.messages.length} messages)` : JSON.stringify(early.body)}`);
        await Promise.all([1, 2].map((n, i) => waitSystemLog(n, logFrom[i]!, /127\.0\.0\.3:\d+ is now DOWN/, 120_000)));
        t.diagnostic(`nodes 1 and 2 see node 3 down ${elapsed().toFixed(1)} s into the load`);
        // From then on every answer must be a 200, with the messages found before the kill.
        for (const deadline = Date.now() + 30_000; ;) {
          const r = await search();
          assert.equal(r.status, 200, `search with node 3 down: ${JSON.stringify(r.body)}`);
          const got = r.body!.messages;
          if (got.length === expected.length && got.every((m, i) => m.id === expected[i])) break;
          assert.ok(Date.now() < deadline, `with node 3 down query 1 gives ${JSON.stringify(got.map((m) => `${m.callId} ${m.ts}`))}, not the 7 messages of dialog 0 it gave before`);
          await sleep(200);
        }
        const flow = await api.call<CallFlow>('GET', `/api/v1/calls/${encodeURIComponent(dialogCallId('d1', 0))}?at=${startMicros}`);
        assert.equal(flow.status, 200, `call flow with node 3 down: ${JSON.stringify(flow.body)}`);
        assert.deepEqual(flow.body.messages.map((m) => m.label), ANSWERED);
        t.diagnostic(`search and call flow answered with node 3 down (${elapsed().toFixed(1)} s into the load)`);
        await until(elapsed, 30);
        await startLocal(ring, log);
        t.diagnostic(`node 3 answers CQL again ${elapsed().toFixed(1)} s into the load`);
      },
    });
    t.diagnostic(`sent ${load.sent} packets (${load.dialogs} dialogs) in ${load.seconds.toFixed(1)} s: ${load.perTarget.join(' / ')} to capture 1 / 2`);
    assert.ok(load.perTarget.every((n) => n > 0), 'both capture nodes took dialogs');
    const drained = await checkStored(load, before, 'd1');
    t.diagnostic(`stored ${load.sent} rows exactly once; spooled on the way: ${drained.map((d) => d.spooled).join(' / ')}`);
    const status = await deploymentStatus(SPEC.dir);
    assert.ok(status.up, `everything up again: ${JSON.stringify(status.cassandra)} ${status.processes.map((p) => `${p.name} ${p.detail}`).join(', ')}`);
    assert.equal(status.cassandra.filter((n) => n.up).length, 3, 'status shows 3/3 Cassandra nodes up');
  }));

  // What this drill does not need to test: a plain UDP HEP sender (an SBC, Kamailio's
  // siptrace) pointed at one capture node has no failover. From the moment that node dies
  // until it listens again every datagram is lost (the kernel answers "port unreachable"),
  // plus what the node held unwritten: its socket buffer and its queue (capture.flushMs of
  // traffic, more while Cassandra lags). Here a killed capture process answers /health about
  // 1.2 s after startProcess; restarted at once by a supervisor (systemd Restart=always,
  // RestartSec=1) that is 2-3 s of traffic, 5,600-8,400 packets at 2,800 packets/s; without
  // one, everything until someone notices: 168,000 packets per minute. The agent loses none.
  test('drill 2: capture 1 SIGKILLed while the agent sends sipp calls over TCP: it fails over, every message stored once; capture 1 back', { skip: agentSkip, timeout: 300_000 }, drill(async (t) => {
    const names = CAPTURES.map((c) => `${c.host}:${c.port}`);
    agent = await startAgentProcess([
      '--agent.interface=lo', '--agent.filter=portrange 5196-5197', `--agent.targets=${names.join(',')}`,
      '--agent.transport=tcp', '--agent.probe-interval-ms=200', '--agent.resend-ms=3000',
    ]);
    assert.match(agent.startupLine, /127\.0\.1\.1:19260 \(up\), 127\.0\.1\.2:19260 \(up\)/);
    let killed: number | null = null;
    const run = await runSipp({
      dir: mkdtempSync(join(tmpdir(), 'sipp-drill-')), uasPort: 5196, uacPort: 5197, calls: 60, rate: 20,
      during: async () => {
        await sleep(1500);
        killed = await stopProcess(SPEC.dir, 'capture', 1, 'SIGKILL');
      },
    });
    assert.ok(killed, 'capture 1 was running and was killed');
    assert.equal(run.successfulCalls, 60);
    const sent = [...run.uacSent, ...run.uasSent];
    const expected = sent.map(sippKey).sort();
    assert.equal(expected.length, 360, 'sipp sent 6 messages per call');
    await waitFor(async () => (await storedSippKeys(client, sent)).length >= expected.length, 60_000, 'every sipp message stored');
    await sleep(1000); // late copies would show now
    assert.deepEqual(await storedSippKeys(client, sent), expected, 'every message sipp sent is stored exactly once');
    assert.equal(await agent.metric('siptrail_agent_target_down_total', { target: names[0]! }), 1);
    assert.ok((await agent.metric('siptrail_agent_resent_total')) > 0, "capture 1's last messages went to capture 2 again");
    assert.equal(await agent.metric('siptrail_agent_dropped_total'), 0);

    const t0 = Date.now();
    await startProcess(SPEC.dir, 'capture', 1);
    t.diagnostic(`capture 1 answered /health ${((Date.now() - t0) / 1000).toFixed(1)} s after startProcess`);
    await waitFor(async () => (await agent!.metric('siptrail_agent_target_up', { target: names[0]! })) === 1, 15_000, 'the agent sees capture 1 up again');
    await agent.stop();
    agent = undefined;
  }));

  test('drill 3: query 1 SIGKILLed: query 2 gives the same search and call flow, accepts query 1\'s login; query 1 back', { timeout: 300_000 }, drill(async () => {
    const before = await allCaptureTotals();
    const load = await offerHepTcp({ prefix: 'd3', targets: CAPTURES, rate: 500, seconds: 2 });
    await checkStored(load, before, 'd3');
    const invites = Array.from({ length: load.dialogs }, (_, n) => n).filter((n) => n % 5 <= 2 && load.perCallId.has(dialogCallId('d3', n))).length;
    const req = { from: String(load.startMicros), to: String(load.startMicros + 60_000_000n), fields: { method: 'INVITE' }, limit: 1000 };
    const callPath = `/api/v1/calls/${encodeURIComponent(dialogCallId('d3', 0))}?at=${load.startMicros}`;
    const ask = async (api: ApiClient) => {
      const s = await api.call<SearchResponse>('POST', '/api/v1/search', req);
      assert.equal(s.status, 200, `${api.base} search: ${JSON.stringify(s.body)}`);
      const f = await api.call<CallFlow>('GET', callPath);
      assert.equal(f.status, 200, `${api.base} call flow: ${JSON.stringify(f.body)}`);
      return { ids: s.body.messages.map((m) => m.id), flow: f.body.messages.map((m) => `${m.id} ${m.label}`) };
    };
    const [q1, q2] = [await ask(apis[0]!), await ask(apis[1]!)];
    assert.equal(q1.ids.length, invites, 'one INVITE per call of the batch');
    assert.equal(q1.flow.length, 7);
    assert.deepEqual(q2, q1, 'query 2 answers as query 1 does');

    assert.ok(await stopProcess(SPEC.dir, 'query', 1, 'SIGKILL'), 'query 1 was running');
    const status = await deploymentStatus(SPEC.dir);
    assert.deepEqual(status.processes.map((p) => `${p.name} ${p.up ? 'up' : 'down'}`), ['capture-1 up', 'capture-2 up', 'query-1 down', 'query-2 up']);
    assert.deepEqual(await ask(apis[1]!), q1, 'query 2 still gives the same result');
    // Sessions need no sticky load balancer: the token is signed with a secret kept in Cassandra.
    const withToken1 = new ApiClient(QUERY_URLS[1]!);
    withToken1.token = apis[0]!.token;
    assert.deepEqual(await ask(withToken1), q1, "query 1's login token works on query 2");

    await startProcess(SPEC.dir, 'query', 1);
    assert.deepEqual(await ask(apis[0]!), q1, 'query 1 back, with the same answer and the login it gave before');
  }));

  // The ring is killed at a quiet moment: sending pauses until the captures hold nothing
  // unwritten, plus a second, then all three nodes die and sending resumes. Killed under
  // full load instead, a few acknowledged rows can vanish, which the spool cannot cover
  // (Cassandra had acknowledged them): seen 4 of 45,000 rows at 500 packets/s in one of two
  // runs, 1 of 50,000 at 2,000 packets/s in one of two rounds, each time a row or two of a
  // call and none of what was spooled. Most likely cause: commitlog_sync periodic
  // (cluster/node-files.ts) acknowledges a write before it is synced, and a node killed
  // with SIGKILL replays its commit log only up to the last sync marker, so a write made
  // just before every replica dies at once is gone from all three. What this drill checks is
  // the outage itself: 60 s of ingest spooled and replayed exactly once.
  test('drill 4: all three Cassandra nodes SIGKILLed for 60 s during ingest: the captures spool, then replay; every packet stored once', { timeout: 900_000 }, drill(async (t) => {
    const ring = ringConfig(dep.spec);
    const before = await allCaptureTotals();
    let spooledDuring: number[] = [];
    const load = await offerHepTcp({
      prefix: 'd4', targets: CAPTURES, rate: 500, seconds: 90,
      during: async ({ elapsed, sent, hold }) => {
        await until(elapsed, 15);
        await hold(async () => {
          await waitDrained(CAPTURE_URLS, before, sent(), 60_000);
          await sleep(1000);
          // This test's own client stays out of the outage: cassandra-driver 4.10 can throw an
          // unhandled rejection from its control connection while every node is gone (seen once).
          await client.shutdown();
          await Promise.all([1, 2, 3].map(killCassandra));
        });
        const down = elapsed();
        await until(elapsed, down + 60);
        spooledDuring = (await allCaptureTotals()).map((now, i) => now.spooled - before[i]!.spooled);
        assert.equal((await deploymentStatus(SPEC.dir)).cassandra.filter((n) => n.up).length, 0, 'no Cassandra node answered during the outage');
        await startLocal(ring, log);
        client = await connectCassandra(clientConfig(dep.spec), SPEC.keyspace);
        t.diagnostic(`ring down from ${down.toFixed(1)} s, all 3 nodes answer CQL again ${elapsed().toFixed(1)} s into the load`);
      },
    });
    t.diagnostic(`sent ${load.sent} packets (${load.dialogs} dialogs) in ${load.seconds.toFixed(1)} s; spooled during the outage: ${spooledDuring.join(' / ')}`);
    assert.ok(spooledDuring.every((n) => n > 0), `each capture spooled while Cassandra was down (${spooledDuring.join(' / ')})`);
    const drained = await checkStored(load, before, 'd4');
    assert.ok(drained.every((d) => d.spooled > 0 && d.replayed > 0), `each capture spooled and replayed: ${JSON.stringify(drained)}`);
    assert.ok(drained.every((d) => d.spoolBytes === 0), 'spools empty');
    await waitFor(async () => (await deploymentStatus(SPEC.dir)).up, 60_000, 'every node and process up again');
  }));
});
