import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FETCH, MIN_FETCH, PageSizer } from './page-size.js';

test('before anything is read, a page of one shard holds its share of the page, assuming half the rows match', () => {
  // 200 rows over 16 shards, 1.5 margin, half kept: 38 rows a shard.
  assert.equal(new PageSizer(200, 16).next(), 38);
});

test('when most rows read were kept, pages are small; when few were, they grow to the largest', () => {
  const common = new PageSizer(200, 16);
  common.saw(1000, 1000);
  assert.equal(common.next(), MIN_FETCH, 'every row kept: 19 a shard, raised to the smallest page');
  const tenth = new PageSizer(200, 16);
  tenth.saw(1000, 100);
  assert.ok(tenth.next() > 150 && tenth.next() < 250, `a tenth kept: about 190 rows, got ${tenth.next()}`);
  const none = new PageSizer(200, 16);
  none.saw(600, 0);
  assert.equal(none.next(), MAX_FETCH, 'nothing kept: the largest page');
});
