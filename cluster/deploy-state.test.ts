import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_SPEC, type DeploymentSpec } from './deploy-plan.js';
import { adminPassword, cmdlineHasArg, isDeployment, layoutFile, layoutJson, ownedPid, parseLayout, readLayout, writeLayout } from './deploy-state.js';

const tmp = mkdtempSync(join(tmpdir(), 'siptrail-deploy-state-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('deployment.json', () => {
  test('round trip: what is written reads back, with the folder it was found in', () => {
    const dir = join(tmp, 'a');
    const spec: DeploymentSpec = { ...DEFAULT_SPEC, dir, capture: 2, cqlPort: 9252, extraArgs: { capture: ['--capture.flush-ms=5'] }, local: { libDir: '/x/lib' } };
    assert.equal(isDeployment(dir), false);
    writeLayout(spec);
    assert.equal(isDeployment(dir), true);
    assert.deepEqual(readLayout(dir), spec);
    assert.equal((JSON.parse(readFileSync(layoutFile(dir), 'utf8')) as { dir?: unknown }).dir, undefined, 'the folder is not recorded: the file may move with it');
  });

  test('a missing, broken or out-of-range file is one clear error naming it', () => {
    assert.throws(() => readLayout(join(tmp, 'none')), /no deployment in .*none .*deploy up/);
    assert.throws(() => parseLayout('{', '/d'), /\/d\/deployment.json: not valid JSON/);
    assert.throws(() => parseLayout('{"format": 9}', '/d'), /format 9 is not allowed; allowed: 1/);
    const bad = layoutJson({ ...DEFAULT_SPEC, dir: '/d', cassandraNodes: 0 });
    assert.throws(() => parseLayout(bad, '/d'), /cassandraNodes: 0 is not allowed/);
  });
});

describe('admin password', () => {
  test('made once, kept readable by the owner only, the same on every call', () => {
    const dir = join(tmp, 'pw');
    const first = adminPassword(dir);
    assert.match(first, /^[\w-]{16}$/);
    assert.equal(adminPassword(dir), first);
    assert.equal(statSync(join(dir, 'admin-password')).mode & 0o777, 0o600);
  });
});

describe('process ownership', () => {
  test('a command line owns the process only when one whole argument is the marker', () => {
    const cmd = ['node', '--import', 'tsx', 'main.ts', 'query', '--config', '/d/query-1/siptrail.yaml', ''].join('\0');
    assert.equal(cmdlineHasArg(cmd, '/d/query-1/siptrail.yaml'), true);
    assert.equal(cmdlineHasArg(cmd, '/d/query-1'), false, 'a prefix is not enough');
    assert.equal(cmdlineHasArg(cmd.replace('query-1', 'query-11'), '/d/query-1/siptrail.yaml'), false);
  });

  test('ownedPid: the PID only while /proc/<pid>/cmdline names the marker', () => {
    const proc = join(tmp, 'proc');
    const pidFile = join(tmp, 'pid');
    mkdirSync(join(proc, '4242'), { recursive: true });
    writeFileSync(join(proc, '4242', 'cmdline'), 'node\0main.js\0capture\0--config\0/d/capture-1/siptrail.yaml\0');
    assert.equal(ownedPid(pidFile, '/d/capture-1/siptrail.yaml', proc), null, 'no pid file');
    writeFileSync(pidFile, '4242\n');
    assert.equal(ownedPid(pidFile, '/d/capture-1/siptrail.yaml', proc), 4242);
    assert.equal(ownedPid(pidFile, '/d/capture-2/siptrail.yaml', proc), null, 'a recycled PID running something else');
    writeFileSync(pidFile, '4243\n');
    assert.equal(ownedPid(pidFile, '/d/capture-1/siptrail.yaml', proc), null, 'no such process');
    writeFileSync(pidFile, 'garbage\n');
    assert.equal(ownedPid(pidFile, '/d/capture-1/siptrail.yaml', proc), null);
  });

  test('ownedPid on the real /proc: this test process, by an argument of its own', () => {
    const pidFile = join(tmp, 'self.pid');
    writeFileSync(pidFile, `${process.pid}\n`);
    const arg = readFileSync('/proc/self/cmdline', 'utf8').split('\0')[0]!;
    assert.equal(ownedPid(pidFile, arg), process.pid);
  });
});
