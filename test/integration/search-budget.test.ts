// Search budgets, a client that leaves, and a failed partition read, on the real Cassandra
// through a real query node over HTTP: a search that spends its budget answers with what
// it covered and a cursor that goes on without gaps or repeats; a client that closes its
// connection stops the reads (counted in /metrics); a partition Cassandra refuses to read
// is named as a missing range, never an empty answer that looks like "no calls".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { testKeyspace } from '../support/test-cassandra.js';
import { ADMIN_PASSWORD, ApiClient, startTestQuery } from '../support/query-node.js';
import { makeRow } from '../support/rows.js';
import { overwhelmWithTombstones } from '../support/tombstones.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import type { HttpHandle } from '../../src/http/server.js';
import type { SearchResponse } from '../../web/src/types.js';

const MIN = 60_000_000n;
/** 2025-10-31T12:00:00Z: the top of the searched ranges. */
const TOP = 1_761_912_000_000_000n;
const iso = (micros: bigint) => new Date(Number(micros / 1000n)).toISOString();
/** 300 rows, one every 36 s over the 3 hours before TOP. */
const ROWS = Array.from({ length: 300 }, (_, i) => makeRow({ callId: `budget-${i}@test`, ts: TOP - BigInt(i) * 36_000_000n - 1n, toUser: '0211555' }));

describe('search budgets, cancellation and failed reads on Cassandra', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let http: HttpHandle;
  let api: ApiClient;
  const search = (body: Record<string, unknown>) => api.call<SearchResponse>('POST', '/api/v1/search', body);
  const metric = async (name: string, labels = ''): Promise<number> => {
    const text = await (await fetch(`${api.base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}` : ''}`) && (labels !== '' || /[ {]/.test(l.charAt(name.length))));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  before(async () => {
    ks = await testKeyspace('budget');
    // A long deadline and many reads: the limits under test are the ones each request sets.
    ks.cfg.query = { ...ks.cfg.query, searchDeadlineMs: 120_000, searchMaxReads: 1_000_000 };
    await cassandraStores(ks.client, ks.cfg.cassandra).writer.write(ROWS);
    ({ http } = await startTestQuery(ks.cfg, ks.client));
    api = new ApiClient(`http://127.0.0.1:${http.port}`);
    assert.equal((await api.login('admin', ADMIN_PASSWORD)).status, 200);
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too */
    await http?.close();
    await ks?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  });

  test('a read budget stops each page; the cursor goes on until every row was seen once', async () => {
    const range = { from: iso(TOP - 180n * MIN), to: iso(TOP), limit: 1000 };
    const seen: string[] = [];
    const pages: SearchResponse[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 60; i++) {
      const r = await search({ ...range, budget: { maxReads: 32 }, ...(cursor ? { cursor } : {}) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      pages.push(r.body);
      seen.push(...r.body.messages.map((m) => m.id));
      for (const m of r.body.messages) assert.ok(BigInt(m.ts) >= BigInt(r.body.searched?.from ?? '0'), 'rows only from the stretch searched');
      if (!r.body.cursor) break;
      cursor = r.body.cursor;
    }
    const last = pages.at(-1);
    assert.ok(last?.complete, 'the last page completes the range');
    assert.ok(pages.length >= 5, `${pages.length} pages: 37 buckets of 16 shards at 2 per page`);
    assert.ok(pages.slice(0, -1).every((p) => p.stop === 'reads' && !p.complete && p.reads <= 32), JSON.stringify(pages.map((p) => [p.stop, p.reads])));
    assert.equal(seen.length, ROWS.length);
    assert.equal(new Set(seen).size, ROWS.length);
  });

  test('a deadline already spent still searches the newest bucket and says "deadline"', async () => {
    // Up to 1 ms before TOP, so the newest bucket is 11:55-11:59 (with rows), not 12:00:00 alone.
    const r = await search({ from: iso(TOP - 180n * MIN), to: iso(TOP - 1000n), limit: 1000, budget: { deadlineMs: 1 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.stop, 'deadline');
    assert.equal(r.body.complete, false);
    assert.ok(r.body.messages.length > 0 && r.body.messages.length < ROWS.length, `${r.body.messages.length} rows`);
    assert.ok(r.body.cursor);
  });

  test('a number rare within its day is answered by one read per day; a number nowhere in 31 days by 31', async () => {
    const r = await search({ from: iso(TOP - 180n * MIN), to: iso(TOP), fields: { toUser: '0211555' }, limit: 1000 });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.complete, r.body.reads, r.body.messages.length], [true, 1, ROWS.length]);
    // From midnight 30 days before TOP's day: 31 UTC days.
    const none = await search({ from: iso(TOP - 30n * 1440n * MIN - 720n * MIN), to: iso(TOP), fields: { toUser: '0299000000' }, limit: 100 });
    assert.equal(none.status, 200);
    assert.deepEqual([none.body.complete, none.body.reads, none.body.messages.length], [true, 31, 0]);
  });

  test('a common match in dense buckets fills the page from the newest buckets, not the whole range', async () => {
    // 6,000 rows to one number in 08:00-08:29 (six buckets of 1,000): one probe finds its term
    // common that day (1,001 rows, every one a match). A sample of the newest bucket (32
    // rows a shard, read plainly) shows that every row there matches, so the buckets are read
    // plainly, not through the index, in pages sized for the page (32 rows a shard, not
    // 1,000): the newest bucket fills the page, and the older ones are never read. Written
    // 1,000 at a time: the test node has a small heap.
    const base = TOP - 240n * MIN;
    const dense = Array.from({ length: 6_000 }, (_, i) => makeRow({ callId: `dense-${i}@test`, ts: base + BigInt(i) * 300_000n, toUser: '0211777777' }));
    const writer = cassandraStores(ks.client, ks.cfg.cassandra).writer;
    for (let i = 0; i < dense.length; i += 1000) await writer.write(dense.slice(i, i + 1000));
    const r = await search({ from: iso(base), to: iso(base + 30n * MIN - 1n), fields: { toUser: '0211777777' }, limit: 100 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.stop, 'limit');
    assert.equal(r.body.messages.length, 100);
    const newest = dense.slice(-100).map((d) => d.ts.toString()).reverse();
    assert.deepEqual(r.body.messages.map((m) => m.ts), newest, 'the 100 newest, in order');
    // A shard reads its second page only after every shard of the window has its first:
    // by then the page is full.
    assert.ok(r.body.scanned <= 1_001 + 2 * 16 * 32, `${r.body.scanned} rows read of 6,000: the probe, the sample and one 32-row page of each shard of the newest bucket`);
    assert.ok(r.body.reads <= 1 + 2 * 16, `${r.body.reads} reads: the probe, the sample, one page a shard`);
    process.stdout.write(`# dense bucket: ${r.body.scanned} rows read of 6,000 for the newest 100, ${r.body.reads} reads\n`);
  });

  test('a client that closes its connection mid-search stops the reads', async () => {
    // 31 days scanned (`*nobody*` has no start or end a term serves): 8,928 buckets of 16
    // shards, ~142,800 reads if it ran to the end.
    const readsBefore = await metric('siptrail_search_reads_total');
    const leave = new AbortController();
    const pending = fetch(`${api.base}/api/v1/search`, {
      method: 'POST', signal: leave.signal,
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: iso(TOP - 31n * 1440n * MIN + MIN), to: iso(TOP), fields: { toUser: '*nobody*' }, limit: 10 }),
    }).catch((err: unknown) => err);
    await sleep(400);
    const midway = await metric('siptrail_search_reads_total') - readsBefore;
    assert.ok(midway > 0, 'the search was reading');
    leave.abort();
    assert.ok((await pending) instanceof Error);
    await sleep(1500);
    const atStop = await metric('siptrail_search_reads_total') - readsBefore;
    await sleep(2000);
    const later = await metric('siptrail_search_reads_total') - readsBefore;
    assert.equal(later, atStop, `reads went on after the client left: ${atStop} then ${later}`);
    assert.ok(later < 140_000, `${later} reads of ~142,800`);
    assert.equal(await metric('siptrail_search_answers_total', 'end="cancelled"'), 1);
    process.stdout.write(`# reads: ${midway} after 0.4 s, ${later} in all after the client left (of ~142,800 for the whole range)\n`);
  });

  test('a partition Cassandra refuses to read is named as a missing range; the rest is searched', async () => {
    // 101,000 tombstones in shard 0 of the 10:35 bucket: a real ReadFailure for any read over it.
    const bad = await overwhelmWithTombstones(ks.client, TOP - 85n * MIN);
    const r = await search({ from: iso(TOP - 180n * MIN), to: iso(TOP), limit: 1000 });
    assert.equal(r.status, 200);
    assert.equal(r.body.complete, false);
    assert.equal(r.body.stop, null);
    assert.equal(r.body.cursor, null, 'nothing left to continue: the rest of the range was read');
    assert.equal(r.body.missing.length, 1, JSON.stringify(r.body.missing));
    const [m] = r.body.missing;
    assert.deepEqual([m?.from, m?.to], [bad.lo.toString(), bad.hi.toString()]);
    assert.match(m?.reason ?? '', /ResponseError|Tombstone|failure/i);
    const outside = ROWS.filter((row) => row.ts < bad.lo || row.ts > bad.hi).length;
    assert.ok(r.body.messages.length >= outside, `${r.body.messages.length} rows; ${outside} lie outside the failed bucket`);
    assert.ok(await metric('siptrail_search_missing_ranges_total') >= 1);
  });
});
