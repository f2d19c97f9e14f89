// A typed address finds its rows in any spelling, and rows stored with the old HEP text of an
// IPv4-mapped address (::ffff:a00:1) are found too (normalised on read: see ip-spellings.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { MemoryMessageStore } from '../store/memory/memory-store.js';
import { storedSpellings } from './ip-spellings.js';
import { compileQuery } from './pattern.js';
import { SearchService } from './search-service.js';
import type { SearchQuery } from './types.js';

const query = (fields: SearchQuery['fields']): SearchQuery => ({ fromMicros: 0n, toMicros: 2n ** 62n, fields, extra: {}, op: 'and', locations: [], limit: 100, unique: false, withLegs: false });
const MAPPED = ['::FFFF:10.0.0.1', '::ffff:a00:1', '0:0:0:0:0:ffff:a00:1', '[::ffff:10.0.0.1]', ' ::ffff:0a00:0001 '];

test('storedSpellings: the canonical text, plus the old HEP text for an IPv4-mapped address; null for no address', () => {
  for (const typed of MAPPED) assert.deepEqual(storedSpellings(typed), ['::ffff:10.0.0.1', '::ffff:a00:1'], typed);
  assert.deepEqual(storedSpellings('::ffff:0.0.0.0'), ['::ffff:0.0.0.0', '::ffff:0:0']);
  assert.deepEqual(storedSpellings('2001:DB8:0:0:0:0:0:1'), ['2001:db8::1']);
  assert.deepEqual(storedSpellings('10.0.0.1'), ['10.0.0.1']);
  for (const no of ['10.0.0.*', '::ffff:*', 'pbx.example', '']) assert.equal(storedSpellings(no), null, no);
});

test('an address field looks both spellings up in the index and matches rows holding either; negation excludes both', () => {
  const c = compileQuery(query({ srcIp: '0:0:0:0:0:ffff:a00:1' }));
  assert.ok(c.ok);
  assert.deepEqual(c.value.indexable, [[{ field: 'srcIp', values: ['::ffff:10.0.0.1', '::ffff:a00:1'] }]]);
  for (const srcIp of ['::ffff:10.0.0.1', '::ffff:a00:1']) assert.equal(c.value.match(makeRow({ srcIp })), true, srcIp);
  assert.equal(c.value.match(makeRow({ srcIp: '10.0.0.1' })), false);
  const not = compileQuery(query({ dstIp: '!::FFFF:10.0.0.1', originatorIp: '[2001:DB8::0001]' }));
  assert.ok(not.ok);
  assert.equal(not.value.match(makeRow({ dstIp: '::ffff:a00:1', srcIp: '2001:db8::1' })), false);
  assert.equal(not.value.match(makeRow({ dstIp: '10.0.0.2', contactIp: '2001:db8::1', srcIp: '10.0.0.9' })), true);
});

test('one search in either spelling finds the row stored in the new text and the one stored in the old HEP text', async () => {
  const store = new MemoryMessageStore();
  await store.write([
    makeRow({ callId: 'new@x', ts: 1_000_000n, srcIp: '::ffff:10.0.0.1', payload: Buffer.from('new') }),
    makeRow({ callId: 'old@x', ts: 2_000_000n, srcIp: '::ffff:a00:1', payload: Buffer.from('old') }),
    makeRow({ callId: 'other@x', ts: 3_000_000n, srcIp: '10.0.0.1', payload: Buffer.from('other') }),
  ]);
  const search = new SearchService(store);
  for (const typed of MAPPED) {
    const r = await search.search({ from: '0', to: '4000000', fields: { srcIp: typed } });
    assert.ok(r.ok);
    assert.deepEqual(r.value.rows.map((x) => x.callId).sort(), ['new@x', 'old@x'], typed);
  }
});
