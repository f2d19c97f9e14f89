import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXACT_STATUS_VERSION, eraOf, exactStatusFrom } from './term-era.js';

const at = (iso: string) => new Date(iso);

test('search_rows and exact status terms created in one run: every day has them', () => {
  assert.equal(exactStatusFrom(new Map([[5, at('2026-12-07T10:00:00.100Z')], [EXACT_STATUS_VERSION, at('2026-12-07T10:00:00.900Z')]])), '');
  assert.deepEqual(eraOf('2020-01-01', ''), { exactStatus: true });
});

test('exact status terms added to an existing search_rows: from the day after the upgrade', () => {
  const from = exactStatusFrom(new Map([[5, at('2026-11-30T08:00:00Z')], [EXACT_STATUS_VERSION, at('2026-12-07T23:59:59Z')]]));
  assert.equal(from, '2026-12-08');
  assert.deepEqual(eraOf('2026-12-07', from), { exactStatus: false }, 'the upgrade day holds rows written before it');
  assert.deepEqual(eraOf('2026-12-08', from), { exactStatus: true });
  assert.equal(exactStatusFrom(new Map([[EXACT_STATUS_VERSION, at('2026-12-07T00:00:00Z')]])), '2026-12-08', 'no record of version 5 (an older siptrail wrote it): the safe side');
});

test('not applied (a keyspace of an older version): no day has them', () => {
  assert.equal(exactStatusFrom(new Map([[5, at('2026-11-30T08:00:00Z')]])), null);
  assert.deepEqual(eraOf('2030-01-01', null), { exactStatus: false });
});
