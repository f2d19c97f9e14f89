// A search that cannot cover its range at once, in Chromium: rows show as they come, the
// page says plainly that the range is not done and why, offers "Continue searching", and
// names the part of the range whose read failed (a partition overwhelmed with tombstones
// in the real Cassandra) instead of pretending nothing matched there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, startStack, type Stack } from './support/stack.js';
import { launch, logIn, type Browser } from './support/browser.js';
import { callFlow } from '../support/call-flows.js';
import { overwhelmWithTombstones } from '../support/tombstones.js';

/** 2025-11-20T22:50:00Z (23:50 in the browser's Berlin time). */
const CALLS_AT = 1_763_679_000_000_000n;
const MIN = 60_000_000n;

describe('a partial search in Chromium', () => {
  let stack: Stack;
  let b: Browser;
  const shots: string[] = [];
  const page = () => b.page;
  const partial = () => page().locator('.warning.partial');

  before(async () => {
    b = await launch();
    // 32 reads per request: each 1.5 s slice of the UI scans two 5-minute buckets of 16 shards.
    stack = await startStack('uipart', {}, { searchMaxReads: 32 });
    await stack.send([
      ...callFlow({ callId: 'part-1@test', from: '+4930777', to: '0211777001', t0: CALLS_AT }),
      ...callFlow({ callId: 'part-2@test', from: '+4930777', to: '0211777002', t0: CALLS_AT + 60n * 1_000_000n }),
    ]);
    // The 22:35-22:39 UTC bucket: one of its partitions cannot be read.
    await overwhelmWithTombstones(stack.client, CALLS_AT - 15n * MIN);
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too */
    await b?.close();
    await stack?.close();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
    if (shots.length) process.stdout.write(`# screenshots:\n${shots.map((s) => `#   ${s}`).join('\n')}\n`);
  });

  // A number inside the To user (`*777*`): no term serves it, so the search reads every bucket of the range.
  test('the rows found show; the page says the range is not done, why, and what failed; Continue goes further back', async () => {
    await logIn(page(), stack.base, ADMIN.username, ADMIN.password);
    await page().goto(`${stack.base}/search?date=2025-11-20&from=00:00&to=23:59&toUser=*777*`);
    await partial().waitFor({ timeout: 60_000 });
    const text = await partial().innerText();
    assert.match(text, /^Not the whole range: the search stopped because it used up its read budget; searched back to 2025-11-20 22:00:00/);
    assert.match(text, /\(8 % of the range\)/);
    const missing = page().locator('.warning.missing');
    assert.match(await missing.innerText(), /^Not searched, because reading failed: 2025-11-20 23:35:00\.000000 .*– 2025-11-20 23:39:59\.999999 .*\(ResponseError: .*\)\. Matches in these times are not shown; search them again later\.$/s);
    assert.equal(await missing.getAttribute('role'), 'alert');
    const rows = page().locator('tbody tr');
    assert.equal(await rows.count(), 14, 'both calls, 7 messages each');
    shots.push(await b.shot('30-search-partial', { fullPage: true }));
    await page().getByRole('button', { name: 'Continue searching' }).click();
    await page().waitForFunction(() => /searched back to 2025-11-20 20:00:00/.test(document.querySelector('.warning.partial')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.equal(await rows.count(), 14, 'nothing older matched');
    assert.equal(await missing.count(), 1, 'the failed range is still named');
    assert.deepEqual(b.trouble, []);
  });
});
