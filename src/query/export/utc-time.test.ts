import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utcIso, utcText } from './utc-time.js';

test('utcText / utcIso: UTC with all six fractional digits and the zone written', () => {
  assert.equal(utcText(1_763_974_800_123_456n), '2025-11-24 09:00:00.123456 UTC');
  assert.equal(utcText(1_763_942_399_999_999n), '2025-11-23 23:59:59.999999 UTC');
  assert.equal(utcText(1_763_942_400_000_007n), '2025-11-24 00:00:00.000007 UTC');
  assert.equal(utcIso(1_763_974_800_123_456n), '2025-11-24T09:00:00.123456Z');
  assert.equal(utcIso(0n), '1970-01-01T00:00:00.000000Z');
});

test('utcText / utcIso: times before 1970 floor correctly; times no Date holds do not throw', () => {
  assert.equal(utcText(-1n), '1969-12-31 23:59:59.999999 UTC');
  assert.equal(utcText(10n ** 22n), '10000000000000000000000 µs since 1970 UTC');
  assert.equal(utcIso(10n ** 22n), null);
});
