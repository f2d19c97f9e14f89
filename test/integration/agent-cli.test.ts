// `siptrail agent` when it cannot capture: without CAP_NET_RAW (root with the capability
// dropped by capsh), on an unknown interface, or with settings HEP cannot carry, it says so
// in one line and exits non-zero.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'cluster', 'main.ts');

function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
  return env;
}

async function run(cmd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(cmd, args, { cwd: root, env: userEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer | string) => (stderr += String(d)));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  return { code, stderr };
}

const agentArgs = (more: string[]) => ['--import', 'tsx', MAIN, 'agent', '--agent.http-listen=127.0.0.1:0', '--agent.targets=127.0.0.1:9', ...more];

function oneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0]!, /^siptrail: error: /);
  assert.match(lines[0]!, pattern);
}

const noCapsh = spawnSync('capsh', ['--help']).error ? 'capsh (libcap2-bin) is not installed' : false;

describe('siptrail agent refuses to start, in one line', () => {
  test('without CAP_NET_RAW: names the interface and the missing capability, exit 1', { skip: process.getuid?.() !== 0 ? 'needs root to drop the capability from' : noCapsh }, async () => {
    const cmd = [process.execPath, ...agentArgs(['--agent.interface=lo'])].map((a) => `'${a}'`).join(' ');
    const r = await run('capsh', ['--drop=cap_net_raw', '--', '-c', cmd]);
    assert.equal(r.code, 1);
    oneLine(r.stderr, /cannot capture on interface "lo".*Operation not permitted \(capturing needs root or the cap_net_raw capability\)/);
  });

  test('an unknown interface: exit 1', async () => {
    const r = await run(process.execPath, agentArgs(['--agent.interface=nosuch9']));
    assert.equal(r.code, 1);
    oneLine(r.stderr, /cannot capture on interface "nosuch9"/);
  });

  test('its HTTP port taken: names agent.httpListen, exit 1 (and does not hang on an open capture)', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const r = await run(process.execPath, [...agentArgs(['--agent.interface=lo']), `--agent.http-listen=127.0.0.1:${port}`]);
      assert.equal(r.code, 1);
      oneLine(r.stderr, new RegExp(`agent\\.httpListen 127\\.0\\.0\\.1:${port}: address already in use`));
    } finally {
      srv.close();
    }
  });

  test('settings HEP cannot carry are refused before capturing: exit 1', async () => {
    const r = await run(process.execPath, agentArgs(['--agent.hep-version=1', '--agent.auth-key=x']));
    assert.equal(r.code, 1);
    oneLine(r.stderr, /agent\.hepVersion: 1 cannot carry agent\.authKey/);
    const v2 = await run(process.execPath, agentArgs(['--agent.hep-version=2', '--agent.capture-id=70000']));
    oneLine(v2.stderr, /agent\.captureId: 70000 does not fit HEP2's 16 bits/);
  });
});
