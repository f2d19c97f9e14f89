import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSpan } from '../src/util/span.js';
import { decideRestart, restartPolicy } from './restart-policy.js';

const MIN = 60_000;

describe('decideRestart', () => {
  const p = restartPolicy(5, 10);

  test('the back-off doubles with each exit within the window: 2 s, 4 s, 8 s, 16 s, 32 s', () => {
    const times: number[] = [];
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const now = 1_000_000 + i * MIN;
      times.push(now);
      const d = decideRestart(times, now, p);
      assert.ok(d.action === 'restart');
      delays.push(d.delayMs);
    }
    assert.deepEqual(delays, [2000, 4000, 8000, 16_000, 32_000]);
  });

  test('the first delay is configurable (local.restartDelaySec); a long one is its own cap', () => {
    assert.deepEqual(decideRestart([0, 1000], 1000, restartPolicy(5, 10, 5)), { action: 'restart', exits: 2, delayMs: 10_000 });
    assert.deepEqual(decideRestart([0], 0, restartPolicy(5, 10, 90)), { action: 'restart', exits: 1, delayMs: 90_000 });
    assert.deepEqual(decideRestart([0, 1], 1, restartPolicy(5, 10, 90)), { action: 'restart', exits: 2, delayMs: 90_000 });
  });

  test('the delay is capped', () => {
    const many = restartPolicy(20, 60);
    const times = Array.from({ length: 10 }, (_, i) => i * 1000);
    const d = decideRestart(times, 9000, many);
    assert.deepEqual(d, { action: 'restart', exits: 10, delayMs: 60_000 });
  });

  test('the limit+1-th exit within the window gives up and says how many exits in how long', () => {
    const times = [0, 1, 2, 3, 4, 5].map((i) => 1_000_000 + i * 92_000);
    const d = decideRestart(times, times[5]!, p);
    assert.deepEqual(d, { action: 'give-up', exits: 6, why: '6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min)' });
  });

  test('exits older than the window do not count: a node that crashes once a quarter of an hour is always restarted, at the first delay', () => {
    const times = Array.from({ length: 12 }, (_, i) => i * 15 * MIN);
    assert.deepEqual(decideRestart(times, times[11]!, p), { action: 'restart', exits: 1, delayMs: 2000 });
  });

  test('the window slides: after a quiet spell the back-off starts over', () => {
    const times = [0, 1 * MIN, 2 * MIN, 12 * MIN, 13 * MIN];
    assert.deepEqual(decideRestart(times, 13 * MIN, p), { action: 'restart', exits: 2, delayMs: 4000 });
  });

  test('limit 0 never restarts', () => {
    const d = decideRestart([5000], 5000, restartPolicy(0, 10));
    assert.ok(d.action === 'give-up');
    assert.match(d.why, /^1 exit \(local.restartLimit 0/);
  });
});

test('formatSpan', () => {
  assert.equal(formatSpan(12_400), '12 s');
  assert.equal(formatSpan(10 * MIN), '10 min');
  assert.equal(formatSpan(460_000), '7 min 40 s');
  assert.equal(formatSpan(63 * MIN), '1 h 3 min');
});
