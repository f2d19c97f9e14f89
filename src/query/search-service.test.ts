// SearchService over the memory store: what a search finds and in which order, limits and
// cursor paging, unique packets, B2B legs, locations, and the errors a bad request gets.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { callFlow } from '../../test/support/call-flows.js';
import { wireRows } from '../flow/wire-rows.test-helper.js';
import { MemoryMessageStore } from '../store/memory/memory-store.js';
import type { MessageRow } from '../store/types.js';
import { foldCopies, SearchService, type SearchResult } from './search-service.js';
import type { SearchRequest } from './search-request.js';

/** 2025-11-24T09:00:00Z in µs. */
const T0 = 1_763_974_800_000_000n;
const RANGE = { from: '2025-11-24T08:00:00Z', to: '2025-11-24T10:00:00Z' };

const callA = wireRows(callFlow({ callId: 'a@x', from: '+4930111', to: '0211234567', t0: T0 }));
const callB = wireRows(callFlow({ callId: 'b@x', from: '+4930111', to: '0211234567', t0: T0 + 2_000n, caller: '10.0.1.1', extraHeaders: ['X-CID: a@x'] }));
const busy = wireRows(callFlow({ callId: 'busy@x', from: '+4930222', to: '0211999888', t0: T0 + 60_000_000n, failWith: [486, 'Busy Here'] }));
// The INVITE of a@x seen again 100 µs later at a second capture point.
const copy = wireRows(callFlow({ callId: 'a@x', from: '+4930111', to: '0211234567', t0: T0 }).slice(0, 1), { location: 'loc2', offsetMicros: 100n });
const ALL = [...callA, ...callB, ...busy, ...copy];

const callIdsOf = (r: SearchResult) => [...new Set(r.rows.map((x) => x.callId))].sort();
const newestFirst = (rows: MessageRow[]) => rows.slice(1).every((r, i) => (rows[i]?.ts ?? r.ts) >= r.ts);

describe('SearchService', () => {
  const store = new MemoryMessageStore();
  const service = new SearchService(store);
  const search = async (req: SearchRequest, now?: bigint): Promise<SearchResult> => {
    const r = await service.search({ ...RANGE, limit: 1000, ...req }, now);
    assert.ok(r.ok, r.ok ? '' : r.detail);
    return r.value;
  };
  const refusal = async (req: SearchRequest): Promise<string> => {
    const r = await service.search({ ...RANGE, ...req });
    assert.ok(!r.ok, JSON.stringify(req));
    return `${r.reason}: ${r.detail}`;
  };
  before(() => store.write(ALL));

  test('a field finds exactly its messages, newest first, without their payload', async () => {
    const r = await search({ fields: { fromUser: '+4930222' } });
    assert.deepEqual(r.rows.map((x) => x.method ?? x.status), ['ACK', 486, 100, 'INVITE']);
    assert.ok(newestFirst(r.rows));
    assert.ok(r.rows.every((x) => x.callId === 'busy@x' && x.payload.length === 0));
    assert.equal(r.cursor, null);
  });

  test('fields combine with AND by default, OR when asked; patterns and negation apply', async () => {
    assert.deepEqual(callIdsOf(await search({ fields: { fromUser: '+4930111', toUser: '0211999888' } })), []);
    assert.deepEqual(callIdsOf(await search({ fields: { fromUser: '+4930111', toUser: '0211999888' }, op: 'or' })), ['a@x', 'b@x', 'busy@x']);
    assert.deepEqual(callIdsOf(await search({ fields: { toUser: '0211*', srcIp: '!10.0.1.1', method: 'INVITE' } })), ['a@x', 'busy@x']);
    const invites = await search({ fields: { method: 'INVITE', callId: 'a@x;b@x' } });
    assert.deepEqual(invites.rows.map((x) => [x.callId, x.location]), [['b@x', 'loc1'], ['a@x', 'loc2'], ['a@x', 'loc1']]);
  });

  test('limit cuts the page and the cursor pages through every row once, newest first', async () => {
    const whole = (await search({})).rows;
    assert.equal(whole.length, ALL.length);
    const seen: MessageRow[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await search({ limit: 5, ...(cursor ? { cursor } : {}) });
      assert.ok(page.rows.length <= 5);
      seen.push(...page.rows);
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    assert.equal(pages, Math.ceil(ALL.length / 5));
    assert.deepEqual(seen.map((r) => r.id.toString('hex')), whole.map((r) => r.id.toString('hex')));
  });

  test('unique folds the copies of one message captured at several points, keeping the newest', async () => {
    const both = await search({ fields: { callId: 'a@x', method: 'INVITE' } });
    assert.deepEqual(both.rows.map((r) => r.location), ['loc2', 'loc1']);
    const folded = await search({ fields: { callId: 'a@x', method: 'INVITE' }, unique: true });
    assert.deepEqual(folded.rows.map((r) => r.location), ['loc2']);
  });

  test('withLegs widens an exact Call-ID to its B2B legs, and only an exact one', async () => {
    assert.deepEqual(callIdsOf(await search({ fields: { callId: 'a@x' } })), ['a@x']);
    assert.deepEqual(callIdsOf(await search({ fields: { callId: 'a@x' }, withLegs: true })), ['a@x', 'b@x']);
    assert.deepEqual(callIdsOf(await search({ fields: { callId: 'b@x', method: 'BYE' }, withLegs: true })), ['a@x', 'b@x']);
    assert.deepEqual(callIdsOf(await search({ fields: { callId: 'a@*' }, withLegs: true })), ['a@x']);
  });

  test('locations narrow the search to those capture points', async () => {
    const r = await search({ locations: ['loc2'] });
    assert.deepEqual(r.rows.map((x) => [x.callId, x.method, x.location]), [['a@x', 'INVITE', 'loc2']]);
  });

  test('without from and to, the hour before now is searched', async () => {
    const inHour = await service.search({ fields: { callId: 'busy@x' } }, T0 + 30n * 60_000_000n);
    assert.ok(inHour.ok);
    assert.equal(inHour.value.rows.length, 4);
    const later = await service.search({ fields: { callId: 'busy@x' } }, T0 + 3n * 3_600_000_000n);
    assert.ok(later.ok);
    assert.deepEqual(later.value.rows, []);
  });

  test('a bad request is refused with the field named, before the store is asked', async () => {
    assert.equal(await refusal({ fields: { fooUser: 'x' } }), 'bad-request: fields.fooUser: unknown field');
    assert.equal(await refusal({ from: '2025-11-24T10:00:00Z', to: '2025-11-24T09:00:00Z' }), 'bad-request: to: must not be before from');
    assert.match(await refusal({ limit: 0 }), /^bad-request: limit: must be an integer from 1 to 10000/);
    assert.match(await refusal({ cursor: 'not-a-cursor' }), /^bad-request: cursor: not a cursor from a previous page/);
    assert.match(await refusal({ from: 'yesterday' }), /^bad-request: from: "yesterday" is neither ISO 8601/);
    // A store that is down would reject if it were asked.
    const down = new MemoryMessageStore();
    down.setDown(true);
    const r = await new SearchService(down).search({ ...RANGE, cursor: 'not-a-cursor' });
    assert.equal(r.ok ? 'ok' : r.reason, 'bad-request');
  });

  test('a store that cannot be read fails the search', async () => {
    const down = new MemoryMessageStore();
    down.setDown(true);
    await assert.rejects(new SearchService(down).search({ ...RANGE }), /down/);
  });
});

describe('foldCopies', () => {
  test('keeps the first row of each de-duplication key, in order', () => {
    const [a, b] = callA;
    assert.ok(a && b);
    const rows = [b, a, { ...b, location: 'loc9' }, { ...a, location: 'loc9' }];
    assert.deepEqual(foldCopies(rows), [b, a]);
    assert.deepEqual(foldCopies([]), []);
  });
});

describe('SearchService budgets and partial answers', () => {
  const store = new MemoryMessageStore();
  const reads: number[] = [];
  const answered: (string | null)[] = [];
  const service = new SearchService(store, { deadlineMs: 60_000, maxReads: 3, maxRows: 1_000_000 }, { read: () => reads.push(1), answered: (r) => answered.push(r.stop) });
  before(() => store.write(ALL));

  test('the node\'s read budget stops a search; its cursor goes on from the stretch searched; the last page is complete', async () => {
    const pages: SearchResult[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await service.search({ ...RANGE, limit: 1000, cursor });
      assert.ok(r.ok);
      pages.push(r.value);
      if (!r.value.cursor) break;
      cursor = r.value.cursor;
    }
    // 08:00 to 10:00 inclusive is 13 ten-minute reads (the last holds 10:00:00 alone), 3 per request.
    assert.deepEqual(pages.map((p) => [p.stop, p.complete]), [['reads', false], ['reads', false], ['reads', false], ['reads', false], [null, true]]);
    assert.deepEqual(pages.map((p) => p.reads), [3, 3, 3, 3, 1]);
    assert.equal(pages.flatMap((p) => p.rows).length, ALL.length, 'every row once');
    assert.equal(pages[0]?.searched?.toMicros, T0 + 3_600_000_000n);
    assert.equal(pages[0].searched.fromMicros, T0 + 2_400_000_000n, '10:00:00, 09:50 and 09:40');
    assert.equal(reads.length, 13);
    assert.deepEqual(answered.slice(-5), ['reads', 'reads', 'reads', 'reads', null]);
  });

  test('a request may ask for less than the node allows, never more; a bad budget is refused by name', async () => {
    const less = await service.search({ ...RANGE, budget: { maxReads: 1 } });
    assert.ok(less.ok);
    assert.equal(less.value.reads, 1);
    const more = await service.search({ ...RANGE, budget: { maxReads: 1_000 } });
    assert.ok(more.ok);
    assert.equal(more.value.reads, 3);
    const bad = await service.search({ ...RANGE, budget: { maxRows: 0 } });
    assert.deepEqual(bad.ok ? null : bad.detail, 'budget.maxRows: must be a positive integer');
  });

  test('a failed read is named as a missing range: never an empty answer that looks like "no calls"', async () => {
    const wide = new SearchService(store);
    store.failReadsBetween({ from: T0, to: T0 + 1n, reason: 'ReadTimeoutException: 1 of 1 replicas' });
    try {
      const r = await wide.search({ ...RANGE, fields: { callId: 'a@x' } });
      assert.ok(r.ok);
      assert.equal(r.value.rows.length, 0);
      assert.deepEqual([r.value.complete, r.value.stop, r.value.cursor], [false, null, null]);
      assert.deepEqual(r.value.missing, [{ fromMicros: T0, toMicros: T0 + 600_000_000n - 1n, reason: 'ReadTimeoutException: 1 of 1 replicas' }]);
    } finally {
      store.failReadsBetween(null);
    }
  });

  test('a caller gone before the search starts: nothing read, "cancelled"', async () => {
    const gone = new AbortController();
    gone.abort();
    const before = reads.length;
    const r = await service.search({ ...RANGE }, undefined, { signal: gone.signal });
    assert.ok(r.ok);
    assert.deepEqual([r.value.stop, r.value.reads, r.value.searched, reads.length - before], ['cancelled', 0, null, 0]);
  });
});
