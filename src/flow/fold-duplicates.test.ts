import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { callFlow } from '../../test/support/call-flows.js';
import { makeRow } from '../../test/support/rows.js';
import type { MessageRow } from '../store/types.js';
import { foldDuplicates } from './fold-duplicates.js';
import { compareRows } from './merge-legs.js';
import { wireRows } from './wire-rows.test-helper.js';

const items = (rows: MessageRow[]) => [...rows].sort(compareRows).map((row) => ({ row }));
const spec = { callId: 'fold@a', from: '0301111111', to: '0211234567', t0: 1_763_974_800_000_000n };

test('foldDuplicates: copies from two capture points fold into the earliest, which lists both', () => {
  const sbc = wireRows(callFlow(spec), { location: 'berlin', node: 'cap-b' });
  const core = wireRows(callFlow(spec), { location: 'frankfurt', node: 'cap-f', offsetMicros: 250n });
  const out = foldDuplicates(items([...core, ...sbc]));
  assert.equal(out.length, sbc.length);
  for (const [i, f] of out.entries()) {
    assert.equal(f.row, sbc[i]);
    assert.deepEqual(f.seenAt, [
      { location: 'berlin', node: 'cap-b', ts: sbc[i]?.ts },
      { location: 'frankfurt', node: 'cap-f', ts: (sbc[i]?.ts ?? 0n) + 250n },
    ]);
  }
});

test('foldDuplicates: the earliest copy is kept, whichever location saw it', () => {
  const late = makeRow({ ts: 1_000n, location: 'a' });
  const early = makeRow({ ts: 900n, location: 'b' });
  const out = foldDuplicates(items([late, early]));
  assert.equal(out.length, 1);
  assert.equal(out[0]?.row, early);
  assert.deepEqual(out[0].seenAt.map((s) => s.location), ['b', 'a']);
});

test('foldDuplicates: copies further apart than the window stay separate', () => {
  const a = makeRow({ ts: 0n, location: 'a' });
  const b = makeRow({ ts: 2_000_001n, location: 'b' });
  assert.equal(foldDuplicates(items([a, b])).length, 2);
  assert.equal(foldDuplicates(items([a, makeRow({ ts: 2_000_000n, location: 'b' })])).length, 1);
  assert.equal(foldDuplicates(items([a, makeRow({ ts: 20n, location: 'b' })]), { windowMicros: 10n }).length, 2);
});

test('foldDuplicates: a retransmission seen at the same point is kept, and its copy elsewhere folds into it', () => {
  const orig = makeRow({ ts: 0n, location: 'a' });
  const origCopy = makeRow({ ts: 100n, location: 'b' });
  const retrans = makeRow({ ts: 500_000n, location: 'a' });
  const retransCopy = makeRow({ ts: 500_100n, location: 'b' });
  const out = foldDuplicates(items([orig, origCopy, retrans, retransCopy]));
  assert.deepEqual(out.map((f) => [f.row.ts, f.seenAt.map((s) => s.ts)]), [
    [0n, [0n, 100n]],
    [500_000n, [500_000n, 500_100n]],
  ]);
});

test('foldDuplicates: two capture nodes of one location are two capture points', () => {
  const out = foldDuplicates(items([makeRow({ ts: 0n, node: 'n1' }), makeRow({ ts: 1n, node: 'n2' })]));
  assert.deepEqual(out[0]?.seenAt.map((s) => s.node), ['n1', 'n2']);
});

test('foldDuplicates: different messages and rows without a dedupe key are never folded', () => {
  const a = makeRow({ ts: 0n, location: 'a', payload: Buffer.from('one') });
  const b = makeRow({ ts: 1n, location: 'b', payload: Buffer.from('two') });
  const c = makeRow({ ts: 2n, location: 'a', dedupe: Buffer.alloc(0) });
  const d = makeRow({ ts: 3n, location: 'b', dedupe: Buffer.alloc(0) });
  const out = foldDuplicates(items([a, b, c, d]));
  assert.equal(out.length, 4);
  assert.ok(out.every((f) => f.seenAt.length === 1));
});

test('foldDuplicates: extra fields of the items are carried through', () => {
  const out = foldDuplicates([{ row: makeRow({ location: 'a' }), leg: 3 }, { row: makeRow({ location: 'b' }), leg: 3 }]);
  assert.equal(out[0]?.leg, 3);
});

test('foldDuplicates: every input capture is accounted for exactly once, in time order (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ ts: fc.bigInt({ min: 0n, max: 5_000_000n }), loc: fc.constantFrom('a', 'b', 'c'), msg: fc.constantFrom('x', 'y') }), { maxLength: 40 }),
      (spec) => {
        const rows = spec.map((s) => makeRow({ ts: s.ts, location: s.loc, payload: Buffer.from(s.msg) }));
        const out = foldDuplicates(items(rows));
        assert.equal(out.reduce((n, f) => n + f.seenAt.length, 0), rows.length);
        for (const f of out) {
          assert.equal(f.seenAt[0]?.ts, f.row.ts);
          assert.ok(f.seenAt.every((c) => c.ts >= f.row.ts && c.ts - f.row.ts <= 2_000_000n));
          assert.equal(new Set(f.seenAt.map((c) => c.location)).size, f.seenAt.length);
        }
      },
    ),
  );
});
