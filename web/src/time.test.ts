import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDelta, formatTime, formatUtc, localDate, localToIso, showTime } from './time';

// The viewer's zone for these tests; Node re-reads TZ when it is assigned.
process.env.TZ = 'Europe/Berlin';

test('capture times show in the viewer zone to the microsecond, with the offset', () => {
  assert.deepEqual(showTime('1763892060000123'), { date: '2025-11-23', time: '11:01:00.000123', zone: 'UTC+01:00' });
  assert.equal(formatTime('1751371200999999'), '2025-07-01 14:00:00.999999 UTC+02:00');
  assert.equal(formatUtc('1763892060000123'), '2025-11-23 10:01:00.000123 UTC');
  // Microseconds are not lost to floating point, even far from the epoch.
  assert.equal(showTime('4102444799999999').time, '00:59:59.999999');
});

test('durations read like a SIP engineer reads them', () => {
  assert.equal(formatDelta('0'), '+0 µs');
  assert.equal(formatDelta('850'), '+850 µs');
  assert.equal(formatDelta('1500'), '+1.500 ms');
  assert.equal(formatDelta('2796000'), '+2.796 s');
  assert.equal(formatDelta(123_456_789n, ''), '2 min 03.456 s');
});

test('form dates and times are local wall clock, sent as UTC instants', () => {
  assert.equal(localToIso('2025-11-23', '13:39'), '2025-11-23T12:39:00.000Z');
  assert.equal(localToIso('2025-07-01', '13:39:05'), '2025-07-01T11:39:05.000Z');
  assert.equal(localToIso('2025-11-23', '23:59', true), '2025-11-23T22:59:59.999Z');
  assert.equal(localToIso('2025-02-30', '10:00'), null);
  assert.equal(localToIso('2025-11-23', '24:00'), null);
  assert.equal(localToIso('yesterday', '10:00'), null);
  assert.equal(localDate(-1, new Date(2025, 0, 1, 0, 30)), '2024-12-31');
});
