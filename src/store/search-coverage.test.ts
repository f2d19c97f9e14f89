import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { SearchControl } from './search-control.js';
import { pageOf, Part, slicesNewestFirst, type Unit } from './search-coverage.js';
import { wholeRangeBudget, type MessageRow } from './types.js';

const ctl = () => new SearchControl(wholeRangeBudget());
const unit = (lo: bigint, hi: bigint, parts: Part[]): Unit => ({ lo, hi, parts });
const done = () => Object.assign(new Part(null, true), { done: true, pages: 1 });
const rowAt = (ts: bigint, n = 0): MessageRow => makeRow({ callId: `c${ts}-${n}`, ts });

describe('slicesNewestFirst', () => {
  test('clips the first and last slice to the range, newest first', () => {
    assert.deepEqual(slicesNewestFirst(15n, 42n, 10n), [
      { start: 40n, lo: 40n, hi: 42n }, { start: 30n, lo: 30n, hi: 39n }, { start: 20n, lo: 20n, hi: 29n }, { start: 10n, lo: 15n, hi: 19n },
    ]);
    assert.deepEqual(slicesNewestFirst(5n, 4n, 10n), []);
  });
});

describe('Part.bound', () => {
  test('a newest-first read covers down to just above the last row it saw', () => {
    const p = new Part(null, true);
    assert.equal(p.bound(0n, 99n), 100n, 'nothing read: nothing covered');
    p.saw(90n);
    p.saw(70n);
    assert.equal(p.bound(0n, 99n), 71n, 'rows at 70 may go on in the next page');
  });

  test('an out-of-order or oldest-first read covers nothing until it is done', () => {
    const unordered = new Part(null, true);
    unordered.saw(50n);
    unordered.saw(60n);
    assert.equal(unordered.bound(0n, 99n), 100n);
    const oldestFirst = new Part(null, false);
    oldestFirst.saw(10n);
    assert.equal(oldestFirst.bound(0n, 99n), 100n);
    oldestFirst.done = true;
    assert.equal(oldestFirst.bound(0n, 99n), 0n);
  });
});

describe('pageOf', () => {
  test('keeps only rows of the contiguous covered stretch and continues below it', () => {
    const partial = new Part(null, true);
    partial.saw(150n);
    const c = ctl();
    c.stop = 'deadline';
    const page = pageOf({
      fromMicros: 0n, toMicros: 299n, limit: 10, before: undefined, ctl: c,
      walks: [[unit(200n, 299n, [done()]), unit(100n, 199n, [done(), partial]), unit(0n, 99n, [done()])]],
      found: [rowAt(250n), rowAt(180n), rowAt(120n), rowAt(50n)],
    });
    assert.deepEqual(page.rows.map((r) => r.ts), [250n, 180n], 'rows below 151 wait for the next page');
    assert.deepEqual([page.stop, page.searchedFrom, page.next, page.complete], ['deadline', 151n, { ts: 150n, ids: [] }, false]);
  });

  test('a full page stops at "limit" with the last row and every id at its time, the previous page\'s too', () => {
    const rows = [rowAt(90n, 1), rowAt(90n, 2), rowAt(80n), rowAt(70n)];
    const page = pageOf({ fromMicros: 0n, toMicros: 90n, limit: 2, before: { ts: 90n, ids: ['aa'] }, ctl: ctl(), walks: [[unit(0n, 90n, [done()])]], found: rows });
    assert.equal(page.stop, 'limit');
    assert.equal(page.next?.ts, 90n);
    assert.deepEqual(new Set(page.next.ids), new Set(['aa', ...page.rows.map((r) => r.id.toString('hex'))]));
  });

  test('a failed part is reported missing, merged with its neighbours, and the walk still covers the range', () => {
    const failed = (reason: string) => Object.assign(new Part(null, true), { failed: reason });
    const page = pageOf({
      fromMicros: 0n, toMicros: 399n, limit: 10, before: undefined, ctl: ctl(),
      walks: [[unit(300n, 399n, [done()]), unit(200n, 299n, [done(), failed('ReadTimeout')]), unit(100n, 199n, [failed('ReadTimeout'), failed('ReadTimeout')]), unit(0n, 99n, [done()])]],
      found: [rowAt(350n), rowAt(250n)],
    });
    assert.deepEqual(page.missing, [{ fromMicros: 100n, toMicros: 299n, reason: 'ReadTimeout' }]);
    assert.deepEqual([page.complete, page.stop, page.next, page.searchedFrom], [false, null, null, 0n]);
    assert.equal(page.rows.length, 2, 'rows a failed unit\'s other parts found are kept');
  });

  test('a part that failed after some pages is missing only below what it read', () => {
    const p = new Part(null, true);
    p.saw(180n);
    p.failed = 'ReadFailure';
    const page = pageOf({ fromMicros: 100n, toMicros: 199n, limit: 10, before: undefined, ctl: ctl(), walks: [[unit(100n, 199n, [p])]], found: [] });
    assert.deepEqual(page.missing, [{ fromMicros: 100n, toMicros: 180n, reason: 'ReadFailure' }]);
  });

  test('nothing read: the next page is the whole range again, with the ids the caller had skipped', () => {
    const c = ctl();
    c.stop = 'cancelled';
    const page = pageOf({ fromMicros: 0n, toMicros: 99n, limit: 10, before: { ts: 99n, ids: ['ab'] }, ctl: c, walks: [[unit(0n, 99n, [new Part(null, true)])]], found: [] });
    assert.deepEqual([page.stop, page.next], ['cancelled', { ts: 99n, ids: ['ab'] }]);
  });
});

describe('SearchControl', () => {
  test('stops at the first limit reached, but lets an owed read through (never past a cancel)', () => {
    const gone = new AbortController();
    const c = new SearchControl({ maxReads: 2, maxRows: 100, deadline: Date.now() + 60_000 }, gone.signal);
    assert.equal(c.mayRead(false), true);
    c.read();
    c.read();
    assert.equal(c.mayRead(false), false);
    assert.equal(c.stop, 'reads');
    assert.equal(c.mayRead(true), true, 'owed');
    gone.abort();
    assert.equal(c.mayRead(true), false);
    assert.equal(c.stop, 'cancelled');
  });

  test('rows and the deadline are limits too; the read timeout shrinks toward the deadline', () => {
    const rows = new SearchControl({ maxReads: 99, maxRows: 10, deadline: Date.now() + 60_000 });
    rows.scanned(10);
    assert.equal(rows.mayRead(false), false);
    assert.equal(rows.stop, 'rows');
    assert.equal(rows.readTimeoutMs(), 12_000);
    const late = new SearchControl({ maxReads: 99, maxRows: 99, deadline: Date.now() - 1 });
    assert.equal(late.mayRead(false), false);
    assert.equal(late.stop, 'deadline');
    assert.equal(late.readTimeoutMs(), 2_000);
    assert.equal(late.cutShort(), true);
  });
});
