import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, sinceText, storageBannerText } from './storage-banner';
import type { SystemStatus } from './types';

// The viewer's zone for these tests; Node re-reads TZ when it is assigned.
process.env.TZ = 'Europe/Berlin';

const NOW = new Date('2025-11-23T15:30:00Z');
const down = (over: Partial<SystemStatus> = {}): SystemStatus => ({
  storage: { up: false, downSince: '2025-11-23T13:02:41.500Z', reason: 'cassandra unreachable', checkedAt: '2025-11-23T15:29:58Z' },
  capture: { queuedRows: 345, spooledRows: 12_000 },
  cassandra: null,
  ...over,
});

test('no banner while storage is up', () => {
  assert.equal(storageBannerText({ storage: { up: true, downSince: null, reason: null, checkedAt: null }, capture: { queuedRows: 3, spooledRows: 0 }, cassandra: null }, NOW), null);
});

test('down in a process with capture: since when in the viewer zone, zone visible, rows held', () => {
  assert.equal(storageBannerText(down(), NOW), 'Storage unavailable since 14:02 UTC+01:00 — messages are being spooled: 12,345');
});

test('down since yesterday: the date is shown too', () => {
  assert.equal(sinceText('2025-11-22T22:58:00Z', NOW), '2025-11-22 23:58 UTC+01:00');
  assert.equal(sinceText('2025-07-01T12:00:00Z', new Date('2025-07-01T20:00:00Z')), '14:00 UTC+02:00');
});

test('a query-only process has no spool to count', () => {
  assert.equal(storageBannerText(down({ capture: null }), NOW), 'Storage unavailable since 14:02 UTC+01:00 — search and call flows cannot answer until it is back');
});

test('what the supervisor of the local Cassandra does is said too', () => {
  const node = { node: 1, pid: null, restarts: 1, lastExit: 'killed by SIGKILL', gaveUp: null };
  assert.equal(storageBannerText(down({ cassandra: [{ ...node, state: 'restarting' }] }), NOW), 'Storage unavailable since 14:02 UTC+01:00 — messages are being spooled: 12,345. The local Cassandra is being restarted');
  assert.match(storageBannerText(down({ cassandra: [{ ...node, state: 'gave-up', gaveUp: '6 exits in 7 min' }] }), NOW)!, /\. The local Cassandra kept crashing and is no longer restarted: see the siptrail log$/);
  assert.equal(storageBannerText(down({ cassandra: [{ ...node, state: 'running' }] }), NOW), 'Storage unavailable since 14:02 UTC+01:00 — messages are being spooled: 12,345');
});

test('counts are grouped the same for every viewer', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(1_234_567), '1,234,567');
});
