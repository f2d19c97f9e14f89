// The Cassandra message store, written and read through a real Cassandra.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CassandraMessageWriter } from '../../src/store/cassandra/writer.js';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { bucketOf, shardOf } from '../../src/store/cassandra/buckets.js';
import { decodeFields } from '../../src/store/cassandra/search-row.js';
import { dayCode } from '../../src/store/cassandra/search-terms.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { makeRow } from '../support/rows.js';

describe('Cassandra message store', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let writer: CassandraMessageWriter;
  let reader: CassandraMessageReader;
  before(async () => {
    ks = await testKeyspace('store');
    writer = new CassandraMessageWriter(ks.client, { consistency: 'LOCAL_ONE' });
    reader = new CassandraMessageReader(ks.client, 'LOCAL_ONE');
  });
  after(async () => ks.drop());

  test('a written call reads back field by field, oldest first', async () => {
    const rows = [
      makeRow({ ts: 1_763_974_800_000_002n, method: null, status: 200, reasonPhrase: 'OK', cseqNum: 4_294_967_296 }),
      makeRow({ ts: 1_763_974_800_000_001n }),
    ];
    await writer.write(rows);
    const got = await reader.getCall('2025-11-24', 'call-1@host');
    assert.equal(got.length, 2);
    assert.deepEqual(got, [rows[1], rows[0]]);
  });

  test('writing the same rows again stores each message once (idempotent ids)', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => makeRow({ callId: 'dup@x', ts: 1_763_974_900_000_000n + BigInt(i), payload: Buffer.from(`m${i}`) }));
    await writer.write(rows);
    await writer.write(rows);
    await writer.write(rows.slice(10, 20));
    assert.equal((await reader.getCall('2025-11-24', 'dup@x')).length, 50);
  });

  test('a call crossing midnight lands in two day partitions', async () => {
    const before = 1_764_028_799_999_000n; // 2025-11-24T23:59:59.999Z
    const after = 1_764_028_800_001_000n; // 2025-11-25T00:00:00.001Z
    await writer.write([makeRow({ callId: 'midnight', ts: before }), makeRow({ callId: 'midnight', ts: after, method: 'BYE' })]);
    assert.deepEqual((await reader.getCall('2025-11-24', 'midnight')).map((r) => r.ts), [before]);
    assert.deepEqual((await reader.getCall('2025-11-25', 'midnight')).map((r) => r.method), ['BYE']);
  });

  test('correlation values link B2B legs both ways', async () => {
    await writer.write([
      makeRow({ callId: 'leg-a', ts: 1_763_974_801_000_000n }),
      makeRow({ callId: 'leg-b', ts: 1_763_974_801_000_100n, corr: ['leg-a'] }),
    ]);
    assert.deepEqual(await reader.correlated('2025-11-24', 'leg-a'), ['leg-b']);
  });

  test('the search table holds the row in its bucket and shard, findable through its terms', async () => {
    const row = makeRow({ callId: 'sai-call', ts: 1_763_974_802_000_000n, fromUser: '+4930123456' });
    await writer.write([row]);
    const day = dayCode('2025-11-24');
    for (const term of [`${day}:nu>123456`, `${day}:si=${row.srcIp}`]) {
      const rs = await ks.client.execute(
        'SELECT ts, id, fields FROM search_rows WHERE day = ? AND bucket = ? AND shard = ? AND terms CONTAINS ?',
        ['2025-11-24', bucketOf(row.ts), shardOf(row.callId), term],
        { prepare: true },
      );
      const got = rs.rows.map((r) => decodeFields(r.get('ts') as bigint, r.get('id') as Buffer, r.get('fields') as Buffer));
      assert.deepEqual(got.map((r) => [r?.callId, r?.fromUser, r?.ts]), [['sai-call', '+4930123456', row.ts]], term);
    }
  });

  test('hostile SIP text is stored and returned verbatim, as data', async () => {
    const payload = Buffer.from('INVITE sip:x SIP/2.0\r\nUser-Agent: <img src=x onerror=alert(1)>\r\n\r\n\u0000\xff', 'latin1');
    await writer.write([makeRow({ callId: "x'); DROP TABLE messages;--", ts: 1_763_974_803_000_000n, payload, userAgent: '<img src=x onerror=alert(1)>' })]);
    const [got] = await reader.getCall('2025-11-24', "x'); DROP TABLE messages;--");
    assert.ok(got);
    assert.deepEqual(got.payload, payload);
    assert.equal(got.userAgent, '<img src=x onerror=alert(1)>');
  });
});
