// cluster/system-packages.sh with stand-ins for id, dpkg, apt-get and sudo on its PATH: what
// it installs as root, and what it says (and whether it goes on) without root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const script = join(import.meta.dirname, 'system-packages.sh');

/** Runs the script on a PATH holding only stand-ins: every package missing, `uid` as the user. */
function run(mode: 'start' | 'test', uid: number) {
  const bin = mkdtempSync(join(tmpdir(), 'siptrail-sysdeps-'));
  const log = join(bin, 'apt.log');
  const shim = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  shim('id', `echo ${uid}`);
  shim('dpkg', 'exit 1');
  shim('apt-get', `echo "$@" >> ${log}`);
  for (const tool of ['dirname']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const r = spawnSync('/bin/bash', [script, mode], { env: { PATH: bin }, encoding: 'utf8' });
  let apt = '';
  try {
    apt = readFileSync(log, 'utf8');
  } catch {
    // apt-get never ran
  }
  return { status: r.status, stderr: r.stderr, apt };
}

describe('system-packages.sh', () => {
  test('as root, `test` installs every missing package with apt-get, once', () => {
    const r = run('test', 0);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.apt, 'update -qq\ninstall -y -qq --no-install-recommends libpcap-dev g++ make python3 tshark sip-tester chromium\n');
    assert.match(r.stderr, /installing the Debian packages libpcap-dev g\+\+ make python3 tshark sip-tester chromium/);
  });

  test('as root, `start` installs only what the pcap addon needs', () => {
    assert.equal(run('start', 0).apt, 'update -qq\ninstall -y -qq --no-install-recommends libpcap-dev g++ make python3\n');
  });

  test('without root or sudo: `test` stops naming the packages, `start` goes on and says what is unavailable', () => {
    const t = run('test', 1000);
    assert.equal(t.status, 1);
    assert.equal(t.apt, '');
    assert.match(t.stderr, /missing Debian packages: libpcap-dev g\+\+ make python3 tshark sip-tester chromium; install them as root/);
    const s = run('start', 1000);
    assert.equal(s.status, 0);
    assert.match(s.stderr, /the agent and IP-in-IP capture are unavailable until libpcap-dev is installed/);
  });
});
