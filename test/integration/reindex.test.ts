// The upgrade path to schema 5 on the real Cassandra: a row version 1 wrote into
// messages_by_time (its ten-minute buckets of 8 shards, with a TTL) is not found by a search
// by number until `siptrail reindex` copies it into search_rows; then it is, with the time it
// had left to live, and a second run adds nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cassandra from 'cassandra-driver';
import { testKeyspace } from '../support/test-cassandra.js';
import { makeRow } from '../support/rows.js';
import { silentLogger } from '../../src/log/logger.js';
import { SHARED_COLUMNS, sharedValues } from '../../src/store/cassandra/columns.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import { reindexVersion1 } from '../../src/store/cassandra/reindex.js';
import { wholeRangeBudget, type RowSearch } from '../../src/store/types.js';

/** 2025-11-24T10:17:00Z: bucket 61 of version 1's ten-minute buckets. */
const TS = 1_763_979_420_000_000n;
const MIN = 60_000_000n;

describe('reindex: version 1 search rows copied into search_rows', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  const old = makeRow({ callId: 'v1-call@test', ts: TS, fromUser: '+4930999888', toUser: '0211999888' });
  const search = (): RowSearch => ({ fromMicros: TS - 60n * MIN, toMicros: TS + 60n * MIN, plans: [[{ field: 'toUser', values: ['0211999888'] }]], match: () => true, limit: 100, budget: wholeRangeBudget() });

  before(async () => {
    ks = await testKeyspace('reindex');
    const cols = ['day', 'bucket', 'shard', 'call_id', ...SHARED_COLUMNS.map(([, c]) => c)];
    await ks.client.execute(
      `INSERT INTO messages_by_time (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) USING TTL 3600`,
      [cassandra.types.LocalDate.fromString('2025-11-24'), 61, 5, old.callId, ...sharedValues(old)],
      { prepare: true },
    );
  });
  after(async () => {
    await ks?.drop(); // eslint-disable-line @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too
  });

  test('not found before, found after with its TTL; a second run adds nothing', async () => {
    const { reader } = cassandraStores(ks.client, ks.cfg.cassandra);
    assert.equal((await reader.search(search())).rows.length, 0, 'search_rows knows nothing of version 1 rows');
    const opts = { lastDay: '2025-11-25', days: 2, consistency: cassandra.types.consistencies.localOne, log: silentLogger() };
    const first = await reindexVersion1(ks.client, ks.cfg.cassandra.keyspace, opts);
    assert.deepEqual(first, { days: 2, rows: 1, failedPartitions: 0 });
    const page = await reader.search(search());
    assert.deepEqual(page.rows.map((r) => [r.callId, r.fromUser, r.toUser, r.ts]), [[old.callId, old.fromUser, old.toUser, TS]]);
    assert.equal(page.complete, true);
    const ttl = await ks.client.execute('SELECT TTL(fields) AS t FROM search_rows', [], { prepare: true });
    const left = ttl.rows[0]?.get('t') as number;
    assert.ok(left > 3000 && left <= 3600, `${left} s left: the row keeps its remaining life`);
    const again = await reindexVersion1(ks.client, ks.cfg.cassandra.keyspace, opts);
    assert.equal(again.rows, 1);
    assert.equal((await reader.search(search())).rows.length, 1, 'copied once, whatever the runs');
  });
});
