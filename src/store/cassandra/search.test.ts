import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketsBetween, servedPlan } from './search.js';

test('the first plan the terms serve is used; Call-IDs are always served; none: a scan', () => {
  const short = [{ field: 'toUser' as const, values: ['02'], match: 'prefix' as const }];
  const method = [{ field: 'method' as const, values: ['invite'] }];
  assert.deepEqual(servedPlan([short, method]), method);
  assert.deepEqual(servedPlan([[{ field: 'callId', values: ['x'] }]]), [{ field: 'callId', values: ['x'] }]);
  assert.equal(servedPlan([short]), null);
  assert.equal(servedPlan([]), null);
  assert.equal(servedPlan([[]]), null, 'an empty plan is no plan');
});

test('buckets are five minutes of the UTC day, newest first, clipped to the range', () => {
  const day = 1_761_868_800_000_000n; // 2025-10-31T00:00:00Z
  const min = 60_000_000n;
  const b = bucketsBetween(day + 3n * min, day + 11n * min);
  assert.deepEqual(b.map((x) => [x.bucket, x.lo - day, x.hi - day]), [[2, 10n * min, 11n * min], [1, 5n * min, 10n * min - 1n], [0, 3n * min, 5n * min - 1n]]);
});
