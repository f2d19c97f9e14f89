import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { callFlow } from '../../test/support/call-flows.js';
import { makeRow } from '../../test/support/rows.js';
import { dayOf } from '../store/types.js';
import { compareRows, mergeLegs } from './merge-legs.js';
import { wireRows } from './wire-rows.test-helper.js';

test('mergeLegs: a call crossing midnight, read as two day partitions, comes out in capture order', () => {
  // 23:59:58 UTC: the 200 OK (+4.3 s) and everything after it fall on the next day.
  const rows = wireRows(callFlow({ callId: 'midnight@a', from: '0301111111', to: '0211234567', t0: 1_763_942_398_000_000n }));
  const days = [...new Set(rows.map((r) => dayOf(r.ts)))];
  assert.deepEqual(days, ['2025-11-23', '2025-11-24']);
  const byDay = days.map((d) => rows.filter((r) => dayOf(r.ts) === d));
  const merged = mergeLegs('midnight@a', [byDay[1] ?? [], byDay[0] ?? []]);
  assert.deepEqual(merged.rows.map((m) => m.row.ts), rows.map((r) => r.ts));
  assert.deepEqual(merged.rows.map((m) => m.row.method ?? m.row.status), ['INVITE', 100, 180, 200, 'ACK', 'BYE', 200]);
  assert.deepEqual(merged.callIds, ['midnight@a']);
});

test('mergeLegs: leg 0 is the Call-ID asked for, other legs follow in first-seen order', () => {
  const a = makeRow({ callId: 'a', ts: 300n });
  const b = makeRow({ callId: 'b', ts: 200n });
  const c = makeRow({ callId: 'c', ts: 100n });
  const a2 = makeRow({ callId: 'a', ts: 50n, payload: Buffer.from('other') });
  const merged = mergeLegs('a', [[b], [a2, a], [c]], ['a', 'b', 'c', 'silent']);
  assert.deepEqual(merged.callIds, ['a', 'c', 'b', 'silent']);
  assert.deepEqual(merged.rows.map((m) => [m.row.callId, m.leg]), [['a', 0], ['c', 1], ['b', 2], ['a', 0]]);
});

test('mergeLegs: the asked-for Call-ID is leg 0 even without rows', () => {
  const merged = mergeLegs('gone', [[makeRow({ callId: 'x' })]]);
  assert.deepEqual(merged.callIds, ['gone', 'x']);
  assert.equal(merged.rows[0]?.leg, 1);
});

test('mergeLegs: equal timestamps order by id; a row read twice is kept once', () => {
  const r1 = makeRow({ ts: 10n, id: Buffer.alloc(16, 2) });
  const r2 = makeRow({ ts: 10n, id: Buffer.alloc(16, 1) });
  const merged = mergeLegs('call-1@host', [[r1, r2], [r1]]);
  assert.deepEqual(merged.rows.map((m) => m.row.id[0]), [1, 2]);
});

test('mergeLegs: any split of rows into parts gives the same sorted list (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 5n }), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }), (spec) => {
      const rows = spec.map(([ts], i) => makeRow({ ts, id: Buffer.from([i, 0, 0, 0]) }));
      const parts: typeof rows[] = [[], [], [], []];
      spec.forEach(([, p], i) => parts[p]?.push(rows[i] as (typeof rows)[number]));
      const out = mergeLegs('call-1@host', parts).rows.map((m) => m.row);
      assert.deepEqual(out, [...rows].sort(compareRows));
    }),
  );
});
