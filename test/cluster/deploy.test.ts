// `siptrail deploy` driven through the CLI as a user would: a 3-node ring, its Cassandra
// supervisor, one capture and one query process come up and report UP; a second query
// process joins without restarting anything; SIP sent as HEP3 to the capture process is
// found through both query processes with the generated admin password; a SIGKILLed
// Cassandra node is restarted by the supervisor and status shows the restart; query 1
// stops and query 2 still answers; down leaves no process alive. One ring start. Run by
// `npm run test:cluster`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { readRestarts } from '../../cluster/restarts-file.js';
import { join } from 'node:path';
import { encodeHep } from '../../src/hep/index.js';
import { callFlow, toHep } from '../support/call-flows.js';
import { siptrailCli } from '../support/processes.js';
import { ApiClient } from '../support/query-node.js';
import type { SearchResponse } from '../../web/src/types.js';

const root = join(import.meta.dirname, '..', '..');
const DIR = join(root, '.siptrail', 'deploy-test');
// Own folder and ports, apart from `npm start` (9042), the integration tests (9142), the
// ring test (9242/7200/7399) and the benches (9342/7300/7499).
const AT = ['--deploy.dir', DIR];
const LAYOUT = [
  ...AT, '--cassandra-nodes', '3', '--capture', '1', '--query', '1', '--cql-port', '9252', '--storage-port', '7210',
  '--jmx-port-base', '7409', '--heap-mb', '768', '--hep-port', '19160', '--http-port', '18180', '--keyspace', 'deploy_test',
];

const cli = siptrailCli;

/** `name index -> pid` of every line of `deploy status` that shows a PID. */
function pids(statusOut: string): Map<string, number> {
  return new Map([...statusOut.matchAll(/^(\w+)\s+(\d+)\s.*pid (\d+)/gm)].map((m) => [`${m[1]} ${m[2]}`, Number(m[3])]));
}

/** True while the process exists and is not a zombie waiting for its parent. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('siptrail deploy: 3 Cassandra nodes, capture and query processes', { timeout: 900_000 }, () => {
  let password = '';
  const seen = new Map<string, number>();
  let token1 = '';
  const callId = `deploy-${Date.now()}@test`;
  const t0 = BigInt(Date.now()) * 1000n;

  const search = async (api: ApiClient) => {
    const r = await api.call<SearchResponse>('POST', '/api/v1/search', {
      from: new Date(Number(t0 / 1000n) - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), fields: { callId },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.messages;
  };

  const cleanUp = async () => {
    if (!existsSync(join(DIR, 'deployment.json'))) return;
    await cli(['deploy', 'down', ...AT]);
    await cli(['deploy', 'wipe', ...AT]);
  };
  // A run killed half-way may have left its deployment behind.
  before(cleanUp);
  after(cleanUp);

  test('deploy up starts everything, prints the admin password, and status shows all UP', async () => {
    const up = await cli(['deploy', 'up', ...LAYOUT]);
    assert.equal(up.code, 0, up.out);
    password = readFileSync(join(DIR, 'admin-password'), 'utf8').trim();
    assert.ok(up.out.includes(`admin password: ${password}`), up.out);
    const status = await cli(['deploy', 'status', ...AT]);
    assert.equal(status.code, 0, status.out);
    for (const n of [1, 2, 3]) assert.match(status.out, new RegExp(`^cassandra\\s+${n}\\s+127\\.0\\.0\\.${n} cql 9252\\s+pid \\d+\\s+UP  restarts 0$`, 'm'));
    assert.match(status.out, /^supervisor 1\s+127\.0\.3\.1 http 18180\s+pid \d+\s+UP$/m);
    assert.match(status.out, /^capture\s+1\s+127\.0\.1\.1 hep 19160 http 18180\s+pid \d+\s+UP$/m);
    assert.match(status.out, /^query\s+1\s+127\.0\.2\.1 http 18180\s+pid \d+\s+UP$/m);
    assert.match(status.out, /^6\/6 up/m);
    for (const [k, v] of pids(status.out)) seen.set(k, v);
    assert.match(readFileSync(join(DIR, 'query-1', 'siptrail.yaml'), 'utf8'), new RegExp(`adminPassword: ${password}`));
  });

  test('deploy add query starts query 2; every other process keeps its PID', async () => {
    const add = await cli(['deploy', 'add', 'query', ...AT]);
    assert.equal(add.code, 0, add.out);
    assert.match(add.out, /query-2 up \(pid \d+\) on 127\.0\.2\.2: http:\/\/127\.0\.2\.2:18180/);
    const status = await cli(['deploy', 'status', ...AT]);
    assert.equal(status.code, 0, status.out);
    assert.match(status.out, /^7\/7 up/m);
    const now = pids(status.out);
    for (const [k, v] of seen) assert.equal(now.get(k), v, `${k} was not restarted`);
    seen.set('query 2', now.get('query 2')!);
  });

  test('SIP sent as HEP3 over UDP to capture 1 is found through both query nodes alike', async () => {
    const sock = createSocket('udp4');
    for (const m of callFlow({ callId, from: '+4930123', to: '0211456', t0 })) {
      const hep = encodeHep(toHep(m), 3);
      assert.ok(hep.ok);
      await new Promise<void>((r, j) => sock.send(hep.value, 19160, '127.0.1.1', (e) => (e ? j(e) : r())));
    }
    sock.close();
    const apis = [new ApiClient('http://127.0.2.1:18180'), new ApiClient('http://127.0.2.2:18180')];
    for (const api of apis) assert.equal((await api.login('admin', password)).status, 200);
    token1 = apis[0]!.token;
    let found: { id: string; location: string }[][] = [];
    for (let i = 0; i < 50; i++) {
      found = await Promise.all(apis.map(search));
      if (found.every((f) => f.length === 7)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(found[0]!.length, 7, 'query 1 finds the call');
    assert.deepEqual(found[1]!.map((m) => m.id), found[0]!.map((m) => m.id), 'query 2 returns the same messages');
    assert.ok(found[0]!.every((m) => m.location === 'capture-1'));
  });

  test('Cassandra node 3 SIGKILLed: the supervisor restarts it, status and its /metrics count the restart', async () => {
    const killed = seen.get('cassandra 3')!;
    process.kill(killed, 'SIGKILL');
    let out: string;
    for (const deadline = Date.now() + 240_000; ;) {
      out = (await cli(['deploy', 'status', ...AT])).out;
      if (/^cassandra\s+3\s.*pid \d+\s+UP {2}restarts 1 /m.test(out)) break;
      assert.ok(Date.now() < deadline, `node 3 not back within 240 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    const again = pids(out).get('cassandra 3')!;
    assert.notEqual(again, killed, 'a new JVM');
    assert.equal(pids(out).get('supervisor 1'), seen.get('supervisor 1'), 'the same supervisor');
    seen.set('cassandra 3', again);
    const record = readRestarts(join(DIR, 'cassandra', 'nodes', 'node3'));
    assert.equal(record.count, 1);
    assert.match(record.lastExit?.reason ?? '', /^exited/, 'not its child: no exit status, the logs say what they can');
    const metrics = await (await fetch('http://127.0.3.1:18180/metrics')).text();
    assert.match(metrics, /^siptrail_local_cassandra_restarts_total\{[^}]*node="3"[^}]*\} 1$/m);
    assert.match(metrics, /^siptrail_local_cassandra_restarts_total\{[^}]*node="1"[^}]*\} 0$/m);
  });

  test('deploy stop query 1: query 2 still answers, status says which is down', async () => {
    const stop = await cli(['deploy', 'stop', 'query', '1', ...AT]);
    assert.equal(stop.code, 0, stop.out);
    assert.equal(alive(seen.get('query 1')!), false);
    const api = new ApiClient('http://127.0.2.2:18180');
    assert.equal((await api.login('admin', password)).status, 200);
    assert.equal((await search(api)).length, 7);
    const withToken1 = new ApiClient('http://127.0.2.2:18180');
    withToken1.token = token1;
    assert.equal((await search(withToken1)).length, 7, "query 1's login is accepted by query 2 (shared signing secret)");
    const status = await cli(['deploy', 'status', ...AT]);
    assert.equal(status.code, 3, status.out);
    assert.match(status.out, /^query\s+1\s.*DOWN \(not running\)$/m);
    assert.match(status.out, /^6\/7 up/m);
  });

  test('deploy down stops every process and node it started', async () => {
    const down = await cli(['deploy', 'down', ...AT]);
    assert.equal(down.code, 0, down.out);
    assert.equal(seen.size, 7);
    for (const [k, pid] of seen) assert.equal(alive(pid), false, `${k} (pid ${pid}) still alive`);
    const status = await cli(['deploy', 'status', ...AT]);
    assert.equal(status.code, 3);
    assert.match(status.out, /^0\/7 up/m);
  });
});
