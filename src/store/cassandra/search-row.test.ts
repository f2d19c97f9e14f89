import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFields, encodeFields } from './search-row.js';
import { makeRow } from '../../../test/support/rows.js';

test('every field but the payload survives the blob', () => {
  const row = makeRow({ corr: ['a', 'b'], extra: { 'x-cid': 'v' }, cseqNum: 4_294_967_295, status: null, userAgent: 'ü "quoted" \u0000' });
  const back = decodeFields(row.ts, row.id, encodeFields(row));
  assert.deepEqual(back, { ...row, payload: Buffer.alloc(0) });
});

test('a blob of another version or shape is refused, not guessed', () => {
  const row = makeRow();
  assert.equal(decodeFields(row.ts, row.id, Buffer.from('[2]')), null);
  assert.equal(decodeFields(row.ts, row.id, Buffer.from('not json')), null);
  assert.equal(decodeFields(row.ts, row.id, Buffer.from('[1, "short"]')), null);
});
