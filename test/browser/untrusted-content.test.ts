// SIP text is written by whoever sends the packet. A call whose headers, reason phrase and
// Call-ID carry markup, and an alias named like markup, must show up as that text on every
// screen — results, message detail, call flow — and run nothing: no dialog, no request for
// the <img>, no console error (a CSP refusal would be one), no element made from the data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { callFlow } from '../support/call-flows.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';
import { launch, logIn, type Browser } from './support/browser.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const REASON = '<img src=x onerror=alert(4)>';
const CALL_ID = 'xss-<svg/onload=alert(3)>@evil';
const ALIAS = '<img src=x onerror=alert(5)>';

describe('hostile SIP content is shown as text and runs nothing', () => {
  let stack: Stack;
  let b: Browser;
  const requested: string[] = [];
  const shots: string[] = [];
  const page = () => b.page;
  let date = '';

  /** Nothing in the page was made from the data: no images, no extra scripts, no handlers. */
  async function nothingRan(): Promise<void> {
    const dom = await page().evaluate(() => ({
      images: document.images.length,
      scripts: document.scripts.length,
      handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
      svgInData: document.querySelectorAll('svg svg').length,
    }));
    assert.deepEqual(dom, { images: 0, scripts: 1, handlers: 0, svgInData: 0 });
    assert.deepEqual(requested.filter((u) => /\/x(?:\?|$)/.test(new URL(u).pathname)), [], 'the <img src=x> was never requested');
    assert.deepEqual(b.trouble, []);
  }

  before(async () => {
    b = await launch();
    page().on('request', (r) => requested.push(r.url()));
    stack = await startStack('uix', { extraHeaders: ['X-Customer'] });
    const ms = await page().evaluate(() => {
      const n = new Date();
      return new Date(n.getFullYear(), n.getMonth(), n.getDate(), 0, 30, 0).getTime();
    });
    date = await page().evaluate(() => {
      const n = new Date();
      return `${n.getFullYear()}-${String(n.getMonth() + 1).padStart(2, '0')}-${String(n.getDate()).padStart(2, '0')}`;
    });
    await stack.send(callFlow({
      callId: CALL_ID, from: '+4930444', to: '0211444', t0: BigInt(ms) * 1000n,
      extraHeaders: [`X-Customer: ${SCRIPT}`, `Subject: ${IMG}`], failWith: [486, REASON],
    }));
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    await b?.close();
    await stack?.close();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    if (shots.length) process.stdout.write(`# screenshots:\n${shots.map((s) => `#   ${s}`).join('\n')}\n`);
  });

  test('an admin names a host with markup; it is saved and listed as text', async () => {
    await logIn(page(), stack.base, ADMIN.username, ADMIN.password);
    await page().goto(`${stack.base}/admin/aliases`);
    await page().getByLabel('IP address', { exact: true }).fill('10.0.0.2');
    await page().getByLabel('Name', { exact: true }).fill(ALIAS);
    await page().getByRole('button', { name: 'Save alias' }).click();
    await page().locator('table.admin tbody tr').first().waitFor();
    assert.equal(await page().locator('table.admin tbody tr th').first().textContent(), ALIAS);
    await nothingRan();
  });

  test('results: the reason phrase, Call-ID and alias appear verbatim', async () => {
    await page().goto(`${stack.base}/search?date=${date}&from=00:00&to=23:59&toUser=0211444`);
    const rows = page().locator('table.results tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    const reply = page().locator('table.results td.fail').first();
    assert.equal(await reply.textContent(), `486 ${REASON}`);
    assert.equal(await reply.isVisible(), true);
    assert.equal(await page().locator('td.callid a').first().textContent(), CALL_ID);
    assert.match(await page().locator('td.route').first().innerText(), new RegExp(ALIAS.replace(/[()]/g, '\\$&')));
    shots.push(await b.shot('11-untrusted-results'));
    await nothingRan();
  });

  test('message detail: headers and raw text verbatim', async () => {
    await page().locator('tr', { hasText: 'INVITE' }).locator('td.time a').click();
    const detail = page().locator('article.detail');
    await detail.waitFor();
    assert.equal(await detail.locator('tr[data-field="extra.x-customer"] td').textContent(), SCRIPT);
    assert.equal(await detail.locator('tr[data-field="callId"] td').textContent(), CALL_ID);
    const raw = await detail.locator('pre.raw').textContent();
    assert.ok(raw?.includes(`Subject: ${IMG}`), raw ?? '');
    assert.ok(raw?.includes(`X-Customer: ${SCRIPT}`));
    await page().getByText(`Subject: ${IMG}`, { exact: false }).waitFor();
    shots.push(await b.shot('12-untrusted-message', { fullPage: true }));
    await nothingRan();
  });

  test('call flow: arrow labels, host names and the Call-ID are SVG text', async () => {
    await page().getByRole('link', { name: 'Open call flow' }).click();
    await page().locator('svg.flow-body g.arrow').first().waitFor();
    const labels = await page().locator('svg.flow-body g.arrow .t-label').allTextContents();
    assert.deepEqual(labels, ['INVITE', '100 Trying', `486 ${REASON}`, 'ACK']);
    // Long host names are cut to fit the column; the tooltip holds the whole name.
    assert.deepEqual(await page().locator('svg.flow-head .host-label').allTextContents(), ['10.0.0.1:5060', `${ALIAS.slice(0, 19)}…`]);
    assert.deepEqual(await page().locator('svg.flow-head .host title').allTextContents(), ['10.0.0.1:5060', `${ALIAS} (10.0.0.2:5060)`]);
    assert.equal(await page().locator('h1 .callid-title').textContent(), CALL_ID);
    shots.push(await b.shot('13-untrusted-flow'));
    await page().locator('svg.flow-body g.arrow[data-index="2"]').click();
    await page().locator('.flow-detail pre.raw').waitFor();
    assert.match((await page().locator('.flow-detail pre.raw').textContent()) ?? '', /^SIP\/2\.0 486 <img src=x onerror=alert\(4\)>/);
    await nothingRan();
  });

  test('after a reload of every screen, still nothing ran', async () => {
    await page().reload();
    await page().locator('svg.flow-body g.arrow').first().waitFor();
    await page().locator('.flow-detail pre.raw').waitFor();
    await nothingRan();
  });
});
