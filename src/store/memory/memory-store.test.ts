import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeRow } from '../../../test/support/rows.js';
import { MemoryMessageStore } from './memory-store.js';

// The conformance suite runs in store/conformance.test.ts; these are the test switches.

describe('MemoryMessageStore switches and helpers', () => {
  const day = '2025-11-24';

  test('failNext(n) fails exactly the next n writes, storing nothing from them', async () => {
    const store = new MemoryMessageStore();
    store.failNext(2);
    await assert.rejects(store.write([makeRow({ ts: 1_763_974_800_000_001n })]), /failNext/);
    await assert.rejects(store.write([makeRow({ ts: 1_763_974_800_000_002n })]), /failNext/);
    assert.equal(store.count(), 0);
    await store.write([makeRow({ ts: 1_763_974_800_000_003n })]);
    assert.equal(store.count(), 1);
    assert.deepEqual(store.batchSizes, [1]);
  });

  test('setDown(true) fails writes and reads until setDown(false)', async () => {
    const store = new MemoryMessageStore();
    store.setDown(true);
    await assert.rejects(store.write([makeRow()]), /down/);
    await assert.rejects(store.getCall(day, 'call-1@host'), /down/);
    await assert.rejects(store.correlated(day, 'x'), /down/);
    assert.equal(store.count(), 0);
    store.setDown(false);
    await store.write([makeRow()]);
    assert.equal((await store.getCall(day, 'call-1@host')).length, 1);
  });

  test('count() and all() see distinct messages across calls and days', async () => {
    const store = new MemoryMessageStore();
    const rows = [
      makeRow({ callId: 'b', ts: 1_763_974_800_000_002n }),
      makeRow({ callId: 'a', ts: 1_764_028_800_000_001n }),
      makeRow({ callId: 'a', ts: 1_763_974_800_000_001n }),
    ];
    await store.write(rows);
    await store.write(rows);
    assert.equal(store.count(), 3);
    assert.deepEqual(store.all(), [rows[2], rows[0], rows[1]]);
  });

  test('stored rows share no Buffers or objects with the caller', async () => {
    const store = new MemoryMessageStore();
    const row = makeRow({ corr: ['x'] });
    const expected = makeRow({ corr: ['x'] });
    await store.write([row]);
    row.payload.fill(0);
    row.corr.push('y');
    row.extra.changed = 'yes';
    const [got] = await store.getCall(day, 'call-1@host');
    assert.deepEqual(got, expected);
    got.id.fill(0);
    assert.deepEqual(await store.getCall(day, 'call-1@host'), [expected]);
  });
});
