// Exact status terms (schema 6) on the real Cassandra: a search for one status reads that
// status's own rows on the days written since; on a day written before, its rows carry only
// the class term, and the search asks for the class there (and filters), so none is missed.
// The days are told apart by when schema 6 was applied (schema_migrations).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testKeyspace } from '../support/test-cassandra.js';
import { ADMIN_PASSWORD, ApiClient, startTestQuery } from '../support/query-node.js';
import { makeRow } from '../support/rows.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import { dayCode } from '../../src/store/cassandra/search-terms.js';
import { EXACT_STATUS_VERSION } from '../../src/store/cassandra/term-era.js';
import type { HttpHandle } from '../../src/http/server.js';
import type { SearchResponse } from '../../web/src/types.js';

/** 2025-10-31T12:00:00Z. */
const TOP = 1_761_912_000_000_000n;
const DAY = '2025-10-31';
const iso = (micros: bigint) => new Date(Number(micros / 1000n)).toISOString();
const RANGE = { from: iso(TOP - 3_600_000_000n), to: iso(TOP), limit: 500 };
/** 30 responses 486 and 300 other 4xx in the hour before TOP. */
const BUSY = Array.from({ length: 30 }, (_, i) => makeRow({ callId: `busy-${i}@era`, ts: TOP - BigInt(i) * 100_000_000n - 7n, method: null, status: 486 }));
const OTHER = Array.from({ length: 300 }, (_, i) => makeRow({ callId: `other-${i}@era`, ts: TOP - BigInt(i) * 10_000_000n - 3n, method: null, status: 480 + (i % 6) }));

describe('exact status terms and the days written before them', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  const nodes: HttpHandle[] = [];
  /** A new query node (it reads schema_migrations once) and a 486 search through it. */
  const search486 = async () => {
    const { http } = await startTestQuery(ks.cfg, ks.client);
    nodes.push(http);
    const api = new ApiClient(`http://127.0.0.1:${http.port}`);
    assert.equal((await api.login('admin', ADMIN_PASSWORD)).status, 200);
    const r = await api.call<SearchResponse>('POST', '/api/v1/search', { ...RANGE, fields: { status: '486' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.complete, true);
    return r.body;
  };
  const ids = (rows: { callId: string }[]) => rows.map((r) => r.callId).sort();

  before(async () => {
    ks = await testKeyspace('era');
    await cassandraStores(ks.client, ks.cfg.cassandra).writer.write([...BUSY, ...OTHER]);
    // Ten 486 rows as a siptrail before schema 6 wrote them: without their exact status term.
    const exact = `${dayCode(DAY)}:st=486`;
    const rs = await ks.client.execute('SELECT day, bucket, shard, ts, id FROM search_rows WHERE terms CONTAINS ?', [exact], { prepare: true });
    assert.equal(rs.rowLength, BUSY.length);
    for (const r of rs.rows.slice(0, 10)) {
      await ks.client.execute('UPDATE search_rows SET terms = terms - ? WHERE day = ? AND bucket = ? AND shard = ? AND ts = ? AND id = ?', [[exact], r.get('day'), r.get('bucket'), r.get('shard'), r.get('ts'), r.get('id')], { prepare: true });
    }
  });
  after(async () => {
    for (const h of nodes) await h.close();
    /* eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too */
    await ks?.drop();
  });

  test('a keyspace created with schema 6: a status search reads its exact term, one read, only its rows', async () => {
    const r = await search486();
    // The ten stripped rows are not found: proof that the exact term, not the class, was asked for.
    assert.equal(r.messages.length, BUSY.length - 10);
    assert.ok(r.messages.every((m) => m.status === 486));
    assert.equal(r.reads, 1, 'rare within its day: one probe');
    assert.equal(r.scanned, BUSY.length - 10, 'no other 4xx read');
  });

  test('schema 6 applied after the day was written: the day is asked for the class, and every 486 is found', async () => {
    // search_rows (5) a month before the day, schema 6 half an hour after its last row.
    await ks.client.execute('UPDATE schema_migrations SET applied_at = ? WHERE version = ?', [new Date('2025-10-01T00:00:00Z'), 5], { prepare: true });
    await ks.client.execute('UPDATE schema_migrations SET applied_at = ? WHERE version = ?', [new Date(`${DAY}T12:30:00Z`), EXACT_STATUS_VERSION], { prepare: true });
    const r = await search486();
    assert.deepEqual(ids(r.messages), ids(BUSY), 'all 30, the ten without the exact term too');
    assert.ok(r.scanned >= BUSY.length + OTHER.length, `${r.scanned} rows read: the whole class`);
  });
});
