// The siptrail command as a user runs it: clear one-line errors with a non-zero exit for
// bad config, an unreachable Cassandra or a missing Maven; `all` serving /health and HEP
// against a real Cassandra, and stopping cleanly on Ctrl-C (SIGINT).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../support/test-cassandra.js';
import { callFlow, toHep } from '../support/call-flows.js';
import { hepBytes, sendUdp, waitFor } from '../support/capture-node.js';
import { freePort, userEnv } from '../support/processes.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'cluster', 'main.ts');

function start(args: string[], env = userEnv()): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function run(args: string[], env = userEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer | string) => (stdout += String(d)));
  child.stderr!.on('data', (d: Buffer | string) => (stderr += String(d)));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, stdout, stderr };
}

/** Exactly one line on stderr, starting "siptrail: error:", no stack trace. */
function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  assert.match(lines[0]!, /^siptrail: error: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /^[ \t]+at /m);
}

describe('siptrail command line', () => {
  test('--help lists every role', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const role of ['all', 'capture', 'query', 'agent', 'migrate', 'cassandra start']) assert.match(r.stdout, new RegExp(`\\n  ${role}`));
  });

  test('a bad config value: one line naming the key and the allowed values, exit 1', async () => {
    const r = await run(['migrate', '--cassandra.write-consistency=MOST']);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /cassandra\.writeConsistency.*allowed: ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM, ALL/);
    const env = await run(['migrate'], userEnv({ SIPTRAIL_LOCAL_HEAP_MB: 'lots' }));
    assert.equal(env.code, 1);
    assertOneLineError(env.stderr, /SIPTRAIL_LOCAL_HEAP_MB.*local\.heapMb.*0 \(automatic\) or an integer 256\.\.32768/);
  });

  test('an unknown role is a usage error (exit 2); an agent that cannot capture says so (exit 1)', async () => {
    const r = await run(['bogus']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, /unknown role "bogus"/);
    const q = await run(['agent', '--agent.interface=nosuch0', '--agent.http-listen=127.0.0.1:0']);
    assert.equal(q.code, 1);
    assertOneLineError(q.stderr, /cannot capture on interface "nosuch0"/);
  });

  test('Cassandra unreachable at start: one line, exit 1', async () => {
    const port = await freePort();
    const r = await run(['migrate', '--cassandra.mode=external', `--cassandra.contact-points=127.0.0.1:${port}`, '--cassandra.connect-timeout-ms=1500']);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, new RegExp(`Cassandra unreachable at 127\\.0\\.0\\.1:${port}`));
  });

  test('Maven missing when Cassandra must be installed: one line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siptrail-nomvn-'));
    try {
      const r = await run(['cassandra', 'install', `--local.dir=${dir}`], userEnv({ PATH: '/nonexistent' }));
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /Maven \(mvn\) not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('siptrail all against a running Cassandra', () => {
    const cfg = testConfig('cli');
    let child: ChildProcess | null = null;
    after(async () => {
      child?.kill('SIGKILL');
      const c = await connectCassandra(cfg.cassandra);
      await c.execute(`DROP KEYSPACE IF EXISTS ${cfg.cassandra.keyspace}`);
      await c.shutdown();
    });

    test('migrates, listens for HEP, /health says ok, stores a packet, and Ctrl-C stops it with exit 0', { timeout: 120_000 }, async () => {
      const [httpPort, hepPort] = [await freePort(), await freePort()];
      const spool = mkdtempSync(join(tmpdir(), 'siptrail-cli-spool-'));
      child = start([
        'all', '--cassandra.mode=external', `--cassandra.contact-points=${cfg.cassandra.contactPoints[0]}`, `--cassandra.keyspace=${cfg.cassandra.keyspace}`,
        `--http.listen=127.0.0.1:${httpPort}`, `--capture.hep-udp=127.0.0.1:${hepPort}`, `--capture.hep-tcp=127.0.0.1:${hepPort}`, `--capture.spool-dir=${spool}`, '--log.format=json',
      ]);
      let log = '';
      child.stderr!.on('data', (d: Buffer | string) => (log += String(d)));
      await waitFor(() => /ready: HTTP/.test(log), 60_000, `"ready" in the log:\n${log}`);
      const health = await fetch(`http://127.0.0.1:${httpPort}/health`);
      assert.equal(health.status, 200);
      assert.equal(await health.text(), 'ok\n');

      await sendUdp(hepPort, [hepBytes(toHep(callFlow({ callId: 'cli-call@test', from: '1', to: '2', t0: 1_763_974_800_000_000n })[0]!))]);
      await waitFor(async () => /siptrail_capture_stored_total\{[^}]*\} 1\b/.test(await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text()), 20_000, 'stored counter at 1');

      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child!.on('exit', r));
      assert.equal(code, 0);
      assert.match(log, /SIGINT: stopping/);
      child = null;
      rmSync(spool, { recursive: true, force: true });
    });
  });
});
