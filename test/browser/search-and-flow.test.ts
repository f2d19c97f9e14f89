// The support engineer's path in a real browser: log in, find yesterday's failed call by
// the B-number, see the calls coloured apart, open a message, read the call flow (both B2B
// legs), hand a pcap to the vendor, name a host. Runs against a real capture node and query
// node on the test Cassandra (SIPTRAIL_TEST_CQL), serving the built web/dist.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { callFlow } from '../support/call-flows.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';
import { launch, logIn, type Browser } from './support/browser.js';
import { failedB2bCall, longCall, SBC } from './support/traffic.js';

describe('search, results, message, call flow, exports and aliases in Chromium', () => {
  let stack: Stack;
  let b: Browser;
  let t0 = 0n;
  let busy: ReturnType<typeof failedB2bCall>;
  let yesterday = '';
  const shots: string[] = [];
  const page = () => b.page;

  before(async () => {
    b = await launch();
    stack = await startStack('ui');
    // Yesterday 13:39:00.250123 on the viewer's wall clock (the browser's zone decides).
    const ms = await page().evaluate(() => {
      const n = new Date();
      return new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1, 13, 39, 0).getTime();
    });
    t0 = BigInt(ms) * 1000n + 250_123n;
    busy = failedB2bCall('ui-busy-a@test', 'ui-busy-b@test', '+4930222', '0211999888', t0);
    await stack.send([
      ...busy.messages,
      ...callFlow({ callId: 'ui-ok@test', from: '+4930333', to: '0211999888', t0: t0 - 3_600_000_000n, caller: '10.0.0.1', callee: SBC }),
      ...callFlow({ callId: 'ui-other@test', from: '+4930111', to: '0211234567', t0: t0 - 1_800_000_000n }),
      ...longCall('ui-long@test', t0 - 7_200_000_000n),
    ]);
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    await b?.close();
    await stack?.close();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    if (shots.length) process.stdout.write(`# screenshots:\n${shots.map((s) => `#   ${s}`).join('\n')}\n`);
  });

  test('log in', async () => {
    await page().goto(`${stack.base}/`);
    await page().waitForURL(/\/login$/);
    shots.push(await b.shot('01-login'));
    await logIn(page(), stack.base, ADMIN.username, ADMIN.password);
    assert.match(await page().locator('header .who').innerText(), /admin · admin/);
    assert.match(await page().locator('header .zone').innerText(), /Europe\/Berlin \(UTC\+0[12]:00\)/);
  });

  test("search yesterday's calls by B-number; rows of one call share a colour", async () => {
    await page().getByLabel('B-number (To user)').fill('0211999888');
    await page().getByRole('button', { name: 'Yesterday' }).click();
    yesterday = await page().locator('#f-date').inputValue();
    shots.push(await b.shot('02-search-form'));
    await page().getByRole('button', { name: 'Search', exact: true }).click();
    const rows = page().locator('table.results tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 15, '4 + 4 messages of the failed call, 7 of the answered one');
    const seen = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-call-id'), getComputedStyle(tr).backgroundColor, getComputedStyle(tr.firstElementChild!).borderLeftColor]));
    const byCall = new Map<string, Set<string>>();
    for (const [id, bg, edge] of seen) byCall.set(id!, (byCall.get(id!) ?? new Set()).add(`${bg}|${edge}`));
    assert.deepEqual([...byCall.keys()].sort(), ['ui-busy-a@test', 'ui-busy-b@test', 'ui-ok@test']);
    for (const [id, colours] of byCall) assert.equal(colours.size, 1, `every row of ${id} has one colour`);
    assert.equal(new Set([...byCall.values()].map((c) => [...c][0])).size, 3, 'three calls, three colours');
    // Time to the microsecond in the viewer's zone, with the zone shown.
    const fail = page().locator('tr[data-call-id="ui-busy-a@test"]', { hasText: '486 Busy Here' });
    assert.match(await fail.locator('td.time').innerText(), new RegExp(`^${yesterday} 13:39:03\\.053123 UTC\\+0[12]:00$`));
    assert.match(await fail.locator('td.route').innerText(), /10\.0\.0\.2:5060 → 10\.0\.0\.1:5060/);
    assert.match(await page().locator('.toolbar .summary').innerText(), /Messages 1–15 of 15 · 3 calls/);
    shots.push(await b.shot('03-results', { fullPage: true }));
  });

  test('the search lives in the URL: reload, collapse per call and sort survive', async () => {
    const url = new URL(page().url());
    assert.equal(url.pathname, '/search');
    assert.equal(url.searchParams.get('toUser'), '0211999888');
    assert.equal(url.searchParams.get('date'), yesterday);
    await page().reload();
    await page().locator('table.results tbody tr').first().waitFor();
    assert.equal(await page().getByLabel('B-number (To user)').inputValue(), '0211999888');
    assert.equal(await page().locator('table.results tbody tr').count(), 15);

    await page().getByLabel('One line per call').check();
    await page().locator('table.results tbody tr.call').first().waitFor();
    assert.equal(new URL(page().url()).searchParams.get('view'), 'calls');
    await page().getByRole('button', { name: 'Call-ID' }).click();
    assert.equal(new URL(page().url()).searchParams.get('sort'), 'callId:asc');
    await page().reload();
    const lines = page().locator('table.results tbody tr.call');
    await lines.first().waitFor();
    const text = await lines.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-call-id'), tr.children[1]!.textContent, tr.lastElementChild!.textContent]));
    assert.deepEqual(text, [
      ['ui-busy-a@test', 'INVITE → 486 Busy Here', '4'],
      ['ui-busy-b@test', 'INVITE → 486 Busy Here', '4'],
      ['ui-ok@test', 'INVITE → 200 OK', '7'],
    ]);
    assert.equal(await page().getByLabel('One line per call').isChecked(), true);
    shots.push(await b.shot('04-results-per-call'));
    await page().getByLabel('One line per call').uncheck();
    await page().getByRole('button', { name: 'Newest first' }).click();
  });

  test('open a message: every parsed field and the raw text, with copy buttons', async () => {
    const fail = page().locator('tr[data-call-id="ui-busy-a@test"]', { hasText: '486 Busy Here' });
    await fail.locator('td.time a').click();
    await page().waitForURL(/\/message\//);
    const detail = page().locator('article.detail');
    await detail.waitFor();
    const field = async (name: string) => (await detail.locator(`tr[data-field="${name}"] td`).innerText()).trim();
    assert.equal(await field('status'), '486');
    assert.equal(await field('reasonPhrase'), 'Busy Here');
    assert.equal(await field('callId'), 'ui-busy-a@test');
    assert.equal(await field('toUser'), '0211999888');
    assert.equal(await field('srcIp'), SBC);
    assert.match(await field('ts'), new RegExp(`^${yesterday} 13:39:03\\.053123 UTC\\+0[12]:00`));
    const raw = await detail.locator('pre.raw').innerText();
    assert.match(raw, /^SIP\/2\.0 486 Busy Here\r?\nVia: SIP\/2\.0\/UDP 10\.0\.0\.1:5060/);
    assert.equal(await detail.getByRole('button', { name: 'Copy message' }).count(), 1);
    assert.equal(await detail.getByRole('button', { name: 'Copy Call-ID' }).count(), 1);
    shots.push(await b.shot('05-message', { fullPage: true }));
  });

  test('call flow: both B2B legs in one diagram, arrows in time order with labels', async () => {
    await page().getByRole('link', { name: 'Open call flow' }).click();
    await page().waitForURL(/\/call\/ui-busy-a%40test\?at=\d+/);
    const arrows = page().locator('svg.flow-body g.arrow');
    await arrows.first().waitFor();
    const got = await arrows.evaluateAll((gs) => gs.map((g) => ({
      label: g.querySelector('.t-label')!.textContent, leg: Number(g.getAttribute('data-leg')), src: g.getAttribute('data-src'), dst: g.getAttribute('data-dst'),
      response: g.classList.contains('response'), dashed: g.querySelector('.line')!.classList.contains('dashed'), delta: g.querySelector('.t-delta')!.textContent,
    })));
    assert.deepEqual(got.map((a) => [a.label, a.leg, a.src, a.dst]), busy.expected);
    assert.deepEqual(got.map((a) => a.dashed), busy.expected.map(([label]) => /^\d/.test(label)), 'responses dashed, requests solid');
    assert.deepEqual(got.map((a) => a.response), got.map((a) => a.dashed));
    assert.deepEqual(got.map((a) => a.delta), ['start', '+1.000 ms', '+1.500 ms', '+1.500 ms', '+2.796 s', '+1.200 ms', '+1.800 ms', '+2.000 ms']);
    const hosts = await page().locator('svg.flow-head .host-label').allTextContents();
    assert.deepEqual(hosts, ['10.0.0.1:5060', '10.0.0.2:5060', '10.0.0.3:5060']);
    assert.deepEqual(await page().locator('ol.legs li').allInnerTexts(), ['L1 ui-busy-a@test', 'L2 ui-busy-b@test']);
    assert.match(await page().locator('.flow-summary').innerText(), /failed: 486 Busy Here \(message 5\)/);
    shots.push(await b.shot('06-call-flow'));
  });

  test('click an arrow (or use the keyboard) to open that message', async () => {
    await page().locator('svg.flow-body g.arrow[data-index="4"]').click();
    const detail = page().locator('.flow-detail article.detail');
    await detail.waitFor();
    assert.equal((await detail.locator('tr[data-field="callId"] td').innerText()).trim(), 'ui-busy-b@test');
    assert.match(await detail.locator('pre.raw').innerText(), /^SIP\/2\.0 486 Busy Here/);
    assert.ok(new URL(page().url()).searchParams.get('msg'));
    shots.push(await b.shot('07-call-flow-message', { fullPage: true }));
    await page().locator('svg.flow-body g.arrow[data-index="0"]').focus();
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('Enter');
    await page().waitForFunction(() => document.querySelector('.flow-detail tr[data-field="method"] td')?.textContent === 'INVITE'
      && document.querySelector('.flow-detail tr[data-field="callId"] td')?.textContent === 'ui-busy-b@test');
    assert.equal(await page().locator('svg.flow-body g.arrow.selected').getAttribute('data-index'), '2');
  });

  test('export the call as pcap: tshark reads every message with the capture times', async () => {
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('group', { name: 'export this call' }).getByRole('button', { name: 'pcap' }).click()]);
    assert.equal(download.suggestedFilename(), 'call-ui-busy-a_test.pcap');
    const file = await download.path();
    const ts = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
    assert.equal(ts.status, 0, ts.stderr);
    const lines = ts.stdout.trim().split('\n').map((l) => l.split('\t'));
    const perCall = (id: string) => lines.filter((l) => l[0] === id).map((l) => l[1] || l[2]);
    assert.deepEqual(perCall('ui-busy-a@test'), ['INVITE', '100', '486', 'ACK']);
    assert.deepEqual(perCall('ui-busy-b@test'), ['INVITE', '100', '486', 'ACK']);
    const invite = lines.find((l) => l[0] === 'ui-busy-a@test' && l[1] === 'INVITE')!;
    assert.equal(invite[3], `${t0 / 1_000_000n}.${String(t0 % 1_000_000n).padStart(6, '0')}000`);

    const [text] = await Promise.all([page().waitForEvent('download'), page().getByRole('group', { name: 'export this call' }).getByRole('button', { name: 'text' }).click()]);
    assert.match(readFileSync(await text.path(), 'utf8'), /SIP\/2\.0 486 Busy Here/);
  });

  test('export the result set as JSON from the search screen', async () => {
    await page().goto(`${stack.base}/search?date=${yesterday}&from=00:00&to=23:59&toUser=0211999888`);
    await page().locator('table.results tbody tr').first().waitFor();
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('group', { name: 'export the result set' }).getByRole('button', { name: 'JSON' }).click()]);
    const rows = JSON.parse(readFileSync(await download.path(), 'utf8')) as unknown[];
    assert.equal(rows.length, 15);
  });

  test('an admin names a host; the call flow and the results show the alias', async () => {
    await page().getByRole('link', { name: 'Host aliases' }).click();
    await page().getByLabel('IP address', { exact: true }).fill(SBC);
    await page().getByLabel('Name', { exact: true }).fill('sbc-core-1');
    await page().getByRole('button', { name: 'Save alias' }).click();
    await page().locator('tr[data-alias="sbc-core-1"]').waitFor();
    assert.match(await page().locator('.note').innerText(), /Saved: 10\.0\.0\.2 is "sbc-core-1"/);
    shots.push(await b.shot('08-aliases'));
    await page().goBack();
    await page().locator('table.results tbody tr').first().waitFor();
    const fail = page().locator('tr[data-call-id="ui-busy-a@test"]', { hasText: '486 Busy Here' });
    assert.match(await fail.locator('td.route').innerText(), /sbc-core-1 → 10\.0\.0\.1:5060/);
    await fail.locator('td.callid a').click();
    await page().locator('svg.flow-head .host-label').first().waitFor();
    assert.deepEqual(await page().locator('svg.flow-head .host-label').allTextContents(), ['10.0.0.1:5060', 'sbc-core-1', '10.0.0.3:5060']);
    assert.equal(await page().locator('svg.flow-head .host-key').allTextContents().then((k) => k.join()), '10.0.0.2:5060');
    assert.equal(await page().locator('svg.flow-body g.arrow[data-index="0"]').getAttribute('data-dst'), 'sbc-core-1');
    shots.push(await b.shot('09-call-flow-alias'));
  });

  test('a 200-message call stays readable: it scrolls and the host header sticks', async () => {
    await page().goto(`${stack.base}/search?date=${yesterday}&from=00:00&to=23:59&callId=ui-long@test&limit=500`);
    await page().locator('table.results tbody tr').first().waitFor();
    assert.equal(await page().locator('table.results tbody tr').count(), 200);
    await page().locator('table.results tbody tr td.callid a').first().click();
    const arrows = page().locator('svg.flow-body g.arrow');
    await arrows.first().waitFor();
    assert.equal(await arrows.count(), 200);
    const scroller = page().locator('.flow-scroll');
    await scroller.evaluate((el) => el.scrollTo(0, 3000));
    const [box, head] = [await scroller.boundingBox(), await page().locator('.flow-sticky').boundingBox()];
    assert.ok(box && head && Math.abs(head.y - box.y) <= 2, `header at the top of the scrolled diagram (${head?.y} vs ${box?.y})`);
    const visible = await page().locator('svg.flow-body g.arrow[data-index="100"]').boundingBox();
    assert.ok(visible && visible.y > box.y && visible.y < box.y + box.height, 'arrow 100 scrolled into view');
    shots.push(await b.shot('10-call-flow-200'));
  });

  test('no console errors, exceptions, dialogs or failed requests during the whole run', () => {
    assert.deepEqual(b.trouble, []);
  });
});
