// B2B leg discovery over the memory store: which Call-IDs a call group spans, both link
// directions, values that are not Call-IDs, the depth and size bounds, and the rows kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { MemoryMessageStore } from '../store/memory/memory-store.js';
import type { MessageRow } from '../store/types.js';
import { findLegs, findLegsWithRows, MAX_LEGS } from './legs.js';

const DAY = '2025-11-24';
const NEXT = '2025-11-25';
/** 2025-11-24T09:00:00Z in µs. */
const T0 = 1_763_974_800_000_000n;
const SEC = 1_000_000n;

/** One message of `callId` at T0 + `sec` seconds carrying `corr`. */
const msg = (callId: string, sec: number, corr: string[] = []): MessageRow =>
  makeRow({ callId, ts: T0 + BigInt(sec) * SEC, corr, payload: Buffer.from(`${callId} ${sec}`) });

async function storeWith(rows: MessageRow[]): Promise<MemoryMessageStore> {
  const store = new MemoryMessageStore();
  await store.write(rows);
  return store;
}

describe('findLegs', () => {
  test('a leg that carried the asked Call-ID (X-CID) is found, and from that leg the asked one', async () => {
    const store = await storeWith([msg('a@x', 0), msg('b@x', 1, ['a@x']), msg('other@x', 2)]);
    assert.deepEqual(await findLegs(store, ['a@x'], [DAY]), ['a@x', 'b@x']);
    assert.deepEqual(await findLegs(store, ['b@x'], [DAY]), ['b@x', 'a@x']);
    assert.deepEqual(await findLegs(store, ['other@x'], [DAY]), ['other@x']);
  });

  test('calls sharing an icid or Session-ID are legs; the shared value itself is no Call-ID', async () => {
    const store = await storeWith([msg('p@x', 0, ['icid:c1']), msg('q@x', 1, ['icid:c1']), msg('r@x', 2, ['sid:s9']), msg('s@x', 3, ['sid:s9'])]);
    assert.deepEqual(await findLegs(store, ['p@x'], [DAY]), ['p@x', 'q@x']);
    assert.deepEqual(await findLegs(store, ['s@x'], [DAY]), ['s@x', 'r@x']);
  });

  test('links are followed breadth-first up to maxDepth steps', async () => {
    // A chain: each leg carried the Call-ID of the one before.
    const store = await storeWith([msg('c0', 0), msg('c1', 1, ['c0']), msg('c2', 2, ['c1']), msg('c3', 3, ['c2']), msg('c4', 4, ['c3'])]);
    assert.deepEqual(await findLegs(store, ['c0'], [DAY], 0), ['c0']);
    assert.deepEqual(await findLegs(store, ['c0'], [DAY], 1), ['c0', 'c1']);
    assert.deepEqual(await findLegs(store, ['c0'], [DAY]), ['c0', 'c1', 'c2', 'c3'], 'three steps by default');
    assert.deepEqual(await findLegs(store, ['c2'], [DAY], 2), ['c2', 'c3', 'c1', 'c4', 'c0']);
  });

  test(`a call group spans at most MAX_LEGS (${MAX_LEGS}) Call-IDs`, async () => {
    const rows = Array.from({ length: 30 }, (_, i) => msg(`m${String(i).padStart(2, '0')}@x`, i, ['icid:crowd']));
    const legs = await findLegs(await storeWith(rows), ['m00@x'], [DAY]);
    assert.equal(legs.length, MAX_LEGS);
    assert.equal(legs[0], 'm00@x');
    assert.equal(new Set(legs).size, MAX_LEGS);
  });

  test('links are looked up on the days given only', async () => {
    const nextDay = makeRow({ callId: 'late@x', ts: T0 + 86_400n * SEC, corr: ['a@x'] });
    const store = await storeWith([msg('a@x', 0), nextDay]);
    assert.deepEqual(await findLegs(store, ['a@x'], [DAY]), ['a@x']);
    assert.deepEqual(await findLegs(store, ['a@x'], [DAY, NEXT]), ['a@x', 'late@x']);
  });

  test('storage errors are not swallowed', async () => {
    const store = await storeWith([msg('a@x', 0)]);
    store.setDown(true);
    await assert.rejects(findLegs(store, ['a@x'], [DAY]), /down/);
  });
});

describe('findLegsWithRows', () => {
  test('keeps every row read, per Call-ID over all days, oldest first; a value without rows is a leg without rows', async () => {
    const crossing = [makeRow({ callId: 'a@x', ts: T0 + 86_400n * SEC, payload: Buffer.from('a next day') }), msg('a@x', 5), msg('a@x', 0)];
    const store = await storeWith([...crossing, msg('b@x', 1, ['a@x', 'gone@x'])]);
    const legs = await findLegsWithRows(store, ['a@x'], [DAY, NEXT]);
    assert.deepEqual(legs.callIds, ['a@x', 'b@x', 'gone@x']);
    assert.deepEqual(legs.rows.get('a@x')?.map((r) => r.payload.toString()), ['a@x 0', 'a@x 5', 'a next day']);
    assert.deepEqual(legs.rows.get('b@x')?.map((r) => r.ts), [T0 + SEC]);
    assert.deepEqual(legs.rows.get('gone@x'), []);
  });

  test('legs found on the last step are read too', async () => {
    const store = await storeWith([msg('c0', 0), msg('c1', 1, ['c0']), msg('c1', 2, ['c0'])]);
    const legs = await findLegsWithRows(store, ['c0'], [DAY], 1);
    assert.deepEqual(legs.callIds, ['c0', 'c1']);
    assert.equal(legs.rows.get('c1')?.length, 2);
  });
});
