// The product as shipped: a real `siptrail all` process (capture + query + UI in one, on
// the test Cassandra) receives a failed call over HEP, and a support engineer finds it in
// Chromium by the B-number and reads where it failed in the call flow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callFlow, toHep } from '../support/call-flows.js';
import { hepBytes, sendUdp, waitFor } from '../support/capture-node.js';
import { freePort, userEnv } from '../support/processes.js';
import { testConfig } from '../support/test-cassandra.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { ensureWebBuilt } from './support/stack.js';
import { launch, logIn, type Browser } from './support/browser.js';

const root = join(import.meta.dirname, '..', '..');
const PASSWORD = 'all-admin-pass-1';

describe('siptrail all in Chromium', () => {
  const cfg = testConfig('uiall');
  let child: ChildProcess | null = null;
  let b: Browser;
  let base = '';
  let hep = 0;
  const spool = mkdtempSync(join(tmpdir(), 'siptrail-uiall-'));
  before(async () => {
    ensureWebBuilt();
    const [http, hepPort] = [await freePort(), await freePort()];
    hep = hepPort;
    base = `http://127.0.0.1:${http}`;
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cluster', 'main.ts'), 'all', '--cassandra.mode=external', `--cassandra.contact-points=${cfg.cassandra.contactPoints[0]}`, `--cassandra.keyspace=${cfg.cassandra.keyspace}`, `--http.listen=127.0.0.1:${http}`, `--capture.hep-udp=127.0.0.1:${hepPort}`, '--capture.hep-tcp=', `--capture.spool-dir=${spool}`, `--query.admin-password=${PASSWORD}`, '--log.format=json'], { cwd: root, env: userEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer | string) => (log += String(d)));
    await waitFor(() => /ready: HTTP/.test(log), 90_000, `siptrail all ready:\n${log}`);
    b = await launch();
  });
  after(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: b may be unset
    await b?.close();
    if (child) {
      child.kill('SIGINT');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(spool, { recursive: true, force: true });
    const c = await connectCassandra(cfg.cassandra);
    await c.execute(`DROP KEYSPACE IF EXISTS ${cfg.cassandra.keyspace}`);
    await c.shutdown();
  });

  test("find yesterday's failed call by B-number and see where it failed", async () => {
    const page = b.page;
    const ms = await page.evaluate(() => {
      const n = new Date();
      return new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1, 13, 39, 0).getTime();
    });
    const flow = callFlow({ callId: 'all-busy@test', from: '+4930666', to: '0211666666', t0: BigInt(ms) * 1000n, failWith: [486, 'Busy Here'] });
    await sendUdp(hep, flow.map((m) => hepBytes(toHep(m))));
    await logIn(page, base, 'admin', PASSWORD);
    await page.getByLabel('B-number (To user)').fill('0211666666');
    await page.getByRole('button', { name: 'Yesterday' }).click();
    // The capture node writes within a moment; search until the call is there.
    await waitFor(async () => {
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForTimeout(300);
      return (await page.locator('table.results tbody tr').count()) === flow.length;
    }, 30_000, 'the call in the results');
    await page.locator('tr[data-call-id="all-busy@test"]', { hasText: '486 Busy Here' }).locator('td.callid a').click();
    const arrows = page.locator('svg.flow-body g.arrow');
    await arrows.first().waitFor();
    assert.equal(await arrows.count(), 4);
    assert.match(await page.locator('.flow-summary').innerText(), /failed: 486 Busy Here/);
    await b.shot('16-siptrail-all-flow');
  });
});
