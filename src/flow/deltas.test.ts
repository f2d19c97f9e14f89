import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeDeltas } from './deltas.js';

test('timeDeltas: delta from the previous and from the first message, in µs', () => {
  const t0 = 1_763_974_800_123_456n;
  assert.deepEqual(timeDeltas([t0, t0 + 1_500n, t0 + 1_500n, t0 + 301_501n]), [
    { deltaMicros: 0n, sinceStartMicros: 0n },
    { deltaMicros: 1_500n, sinceStartMicros: 1_500n },
    { deltaMicros: 0n, sinceStartMicros: 1_500n },
    { deltaMicros: 300_001n, sinceStartMicros: 301_501n },
  ]);
});

test('timeDeltas: exact beyond what a float holds', () => {
  // 2^53 + 1 is not a double; a float path would report 0 or 2 here.
  const big = 2n ** 53n;
  assert.deepEqual(timeDeltas([big, big + 1n]).map((d) => d.deltaMicros), [0n, 1n]);
});

test('timeDeltas: an empty list has no deltas', () => {
  assert.deepEqual(timeDeltas([]), []);
});
