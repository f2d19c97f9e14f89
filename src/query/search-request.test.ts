import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_RANGE_MICROS, MAX_LIMIT, parseTime, toSearchQuery, type SearchRequest } from './search-request.js';

const NOW = 1_795_523_940_000_000n; // 2026-11-24T12:39:00Z

function query(req: SearchRequest) {
  const r = toSearchQuery(req, NOW);
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.value;
}

function error(req: SearchRequest): string {
  const r = toSearchQuery(req, NOW);
  assert.ok(!r.ok, 'expected an error');
  assert.equal(r.reason, 'bad-request');
  return r.detail;
}

describe('parseTime', () => {
  const cases: Array<[string, bigint]> = [
    ['2026-11-24T13:39:00+01:00', NOW],
    ['2026-11-24T12:39:00Z', NOW],
    ['2026-11-24T12:39Z', NOW],
    ['2026-11-24t12:39:00z', NOW],
    ['2026-11-24T07:39:00-0500', NOW],
    ['2026-11-24T12:39:00.123456Z', NOW + 123_456n],
    ['2026-11-24T12:39:00.5Z', NOW + 500_000n],
    ['2026-11-24T12:39:00.123456789Z', NOW + 123_456n],
    ['1795523940000000', NOW],
    ['0', 0n],
  ];
  for (const [text, want] of cases) {
    test(`${text} is ${want} µs`, () => assert.deepEqual(parseTime(text), { ok: true, value: want }));
  }

  for (const text of ['2026-11-24T12:39:00', '2026-11-24', '2026-02-30T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24T12:60:00Z', 'yesterday', '-5', '1.5', '', '2026-11-24T12:39:00+25:00', '1969-12-31T23:59:59Z']) {
    test(`${JSON.stringify(text)} is refused`, () => {
      const r = parseTime(text);
      assert.ok(!r.ok);
      assert.equal(r.reason, 'bad-time');
    });
  }

  test('agrees with Date for every millisecond instant, in any zone offset', () => {
    fc.assert(fc.property(fc.date({ min: new Date(0), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (d, off) => {
      const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
      const zone = `${off < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
      const r = parseTime(local + zone);
      assert.deepEqual(r, { ok: true, value: BigInt(d.getTime()) * 1000n });
    }));
  });
});

describe('toSearchQuery', () => {
  test('defaults: the hour before now, AND, limit 200, all locations', () => {
    assert.deepEqual(query({}), {
      fromMicros: NOW - DEFAULT_RANGE_MICROS, toMicros: NOW, fields: {}, extra: {}, op: 'and',
      locations: [], limit: 200, unique: false, withLegs: false,
    });
  });

  test('only to: the hour before it; only from: up to now', () => {
    const t = query({ to: '2026-11-24T10:00:00Z' });
    assert.equal(t.toMicros - t.fromMicros, DEFAULT_RANGE_MICROS);
    const f = query({ from: '2026-11-24T12:00:00Z' });
    assert.equal(f.toMicros, NOW);
    assert.equal(f.fromMicros, NOW - 39n * 60_000_000n);
  });

  test('copies fields, extra, op, locations, flags and cursor; drops empty patterns', () => {
    const q = query({
      from: '2026-11-24T11:00:00Z', to: '2026-11-24T12:00:00Z', fields: { fromUser: '0301*', toUser: ' ', originatorIp: '10.0.0.1' },
      extra: { 'x-cid': 'abc', 'x-empty': '' }, op: 'or', locations: ['berlin', 'berlin', '', 'paris'], limit: 10000, unique: true, withLegs: true, cursor: 'abc',
    });
    assert.deepEqual(q.fields, { fromUser: '0301*', originatorIp: '10.0.0.1' });
    assert.deepEqual(q.extra, { 'x-cid': 'abc' });
    assert.equal(q.op, 'or');
    assert.deepEqual(q.locations, ['berlin', 'paris']);
    assert.equal(q.limit, MAX_LIMIT);
    assert.equal(q.unique, true);
    assert.equal(q.withLegs, true);
    assert.equal(q.cursor, 'abc');
  });

  test('errors name the field', () => {
    assert.match(error({ from: 'yesterday' }), /^from: "yesterday" is neither ISO 8601/);
    assert.match(error({ to: '2026-02-30T00:00:00Z' }), /^to: .* is not a valid date/);
    assert.equal(error({ from: '2026-11-24T12:00:00Z', to: '2026-11-24T11:00:00Z' }), 'to: must not be before from');
    assert.match(error({ from: '2026-10-01T00:00:00Z', to: '2026-11-24T00:00:00Z' }), /^to: the range from\.\.to is longer than 31 days/);
    assert.equal(error({ fields: { fooUser: 'x' } }), 'fields.fooUser: unknown field');
    assert.equal(error({ fields: { fooUser: 'x', callId: 'y', barIp: 'z' } }), 'fields: unknown fields fooUser, barIp');
    assert.equal(error(JSON.parse('{"fields":{"__proto__":"x"}}') as SearchRequest), 'fields.__proto__: unknown field');
    assert.match(error({ extra: { 'X-CID': 'x' } }), /^extra\.X-CID: header names are lower-case/);
    assert.match(error({ limit: 0 }), /^limit: must be an integer from 1 to 10000$/);
    assert.match(error({ limit: 10001 }), /^limit: /);
    assert.match(error({ limit: 1.5 }), /^limit: /);
    assert.match(error({ op: 'xor' as 'and' }), /^op: /);
  });

  test('a range of exactly 31 days is allowed; from == to is a single instant', () => {
    assert.ok(toSearchQuery({ from: '2026-10-24T00:00:00Z', to: '2026-11-24T00:00:00Z' }, NOW).ok);
    const q = query({ from: '5', to: '5' });
    assert.equal(q.fromMicros, 5n);
    assert.equal(q.toMicros, 5n);
  });
});
