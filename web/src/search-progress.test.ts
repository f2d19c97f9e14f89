import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSlice, searchedShare, SLICE_MS, sliceRequest, startGathering, stopText } from './search-progress';
import type { MessageSummary, SearchResponse } from './types';

const msg = (id: string, ts: number): MessageSummary => ({
  id, ts: String(ts), callId: 'c', location: 'it', node: 'n', srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5060,
  transport: 'udp', protoType: 1, method: 'INVITE', status: null, reasonPhrase: null, ruriUser: null, fromUser: 'a', toUser: 'b', fromTag: null, toTag: null,
  cseqNum: 1, cseqMethod: 'INVITE', userAgent: null, contentType: null,
});
const answer = (over: Partial<SearchResponse>): SearchResponse => ({ messages: [], cursor: null, complete: true, stop: null, searched: null, missing: [], reads: 1, scanned: 0, elapsedMs: 1, ...over });

test('slices ask for a short server budget and only the rows still missing, from the cursor', () => {
  const g = addSlice(startGathering(null), answer({ messages: [msg('a', 90)], cursor: 'c1', complete: false, stop: 'deadline', searched: { from: '80', to: '100' } }), 3);
  assert.deepEqual(sliceRequest({ toUser: 'x' } as never, g, 3), { toUser: 'x', limit: 2, budget: { deadlineMs: SLICE_MS }, cursor: 'c1' });
  assert.deepEqual(sliceRequest({}, startGathering(null), 3), { limit: 3, budget: { deadlineMs: SLICE_MS } });
});

test('slices add up to a page: rows in order, the first slice\'s top, the last slice\'s bottom, every missing range', () => {
  let g = startGathering(null);
  g = addSlice(g, answer({ messages: [msg('a', 90)], cursor: 'c1', stop: 'deadline', searched: { from: '80', to: '100' }, missing: [{ from: '85', to: '86', reason: 'r' }] }), 2);
  assert.equal(g.full, false);
  assert.equal(searchedShare(g, 0n, 100n), 21 / 101);
  g = addSlice(g, answer({ messages: [msg('b', 40)], cursor: 'c2', stop: 'limit', searched: { from: '40', to: '79' } }), 2);
  assert.deepEqual([g.rows.map((r) => r.id), g.full, g.cursor, g.searchedFrom, g.searchedTo, g.missing.length, g.slices], [['a', 'b'], true, 'c2', '40', '100', 1, 2]);
});

test('the range done with no cursor is a full page whatever its size; a stop is said in words', () => {
  const g = addSlice(startGathering('c0'), answer({ searched: { from: '0', to: '100' } }), 200);
  assert.equal(g.full, true);
  assert.equal(searchedShare(g, 0n, 100n), 1);
  assert.equal(stopText('reads'), 'it used up its read budget');
  assert.equal(stopText(null), 'it finished');
});
