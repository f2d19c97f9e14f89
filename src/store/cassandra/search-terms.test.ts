import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayCode, lookupTerm, lookupTerms, termsOf } from './search-terms.js';
import { makeRow } from '../../../test/support/rows.js';
import type { Lookup, MessageRow } from '../types.js';

const DAY = '2025-11-24';
const row = makeRow({ toUser: '02115551234', srcIp: '10.1.2.3', dstIp: '2001:db8::1', status: 486, method: 'INVITE', userAgent: 'Siptrail-Test/1.0' });
const terms = new Set(termsOf(row, DAY));

/** Whether the lookup's terms for the row's day find the row (what `terms CONTAINS ?` answers). */
const finds = (l: Lookup, r: MessageRow = row): boolean => {
  const ts = lookupTerms(l, DAY);
  assert.ok(ts, `${JSON.stringify(l)} is served`);
  const have = new Set(termsOf(r, DAY));
  return ts.some((t) => have.has(t));
};

test('the day code is the UTC day number in base 36', () => {
  assert.equal(dayCode('1970-01-01'), '0');
  assert.equal(dayCode('1970-02-05'), 'z');
  assert.equal(dayCode(DAY), (20416).toString(36));
});

test('a row has its whole values, number starts and ends, IPv4 /16 and /24, reply class, lower-cased methods', () => {
  const d = dayCode(DAY);
  for (const t of ['nu=02115551234', 'nu<0211', 'nu<021155', 'nu<02115551', 'nu>1234', 'nu>551234', 'nu=0301111111', 'si=10.1.2.3', 'si<10.1.', 'si<10.1.2.', 'di=2001:db8::1', 'st=486', 'st<4', 'st<48', 'me=invite', 'ua<sipt', 'ua=siptrail-test/1.0', 'xx-cid=abc']) {
    assert.ok(terms.has(`${d}:${t}`), t);
  }
  assert.ok(![...terms].some((t) => t.includes('di<')), 'no starts for IPv6');
  assert.equal(terms.size, new Set(termsOf(row, DAY)).size, 'no repeats');
});

test('lookups find the row by whole value, start and end, case-folded where the search folds', () => {
  assert.ok(finds({ field: 'toUser', values: ['02115551234'] }));
  assert.ok(finds({ field: 'toUser', values: ['0211'], match: 'prefix' }));
  assert.ok(finds({ field: 'toUser', values: ['02115'], match: 'prefix' }), 'a start between written lengths uses the shorter');
  assert.ok(finds({ field: 'toUser', values: ['021155512'], match: 'prefix' }));
  assert.ok(finds({ field: 'toUser', values: ['51234'], match: 'suffix' }));
  assert.ok(finds({ field: 'status', values: ['4'], match: 'prefix' }));
  assert.ok(finds({ field: 'method', values: ['invite'] }));
  assert.ok(finds({ field: 'userAgent', values: ['siptrail-te'], match: 'prefix' }));
  assert.ok(finds({ field: 'srcIp', values: ['10.1.2.'], match: 'prefix' }));
  assert.ok(finds({ field: 'srcIp', values: ['10.1.2.3'], match: 'prefix' }), 'cut at the last dot: the /24');
  assert.ok(finds({ field: 'extra', header: 'x-cid', values: ['abc'] }));
  assert.ok(!finds({ field: 'toUser', values: ['0299'], match: 'prefix' }));
  assert.ok(finds({ field: 'fromUser', values: ['02115551234'] }), 'the numbers share terms: the query tier tells From from To');
  assert.ok(!finds({ field: 'authUser', values: ['02115551234'] }), 'other fields have their own');
});

test('what the terms cannot serve is null: the store scans instead', () => {
  assert.equal(lookupTerm({ field: 'toUser', values: [] , match: 'prefix' }, '021'), null, 'shorter than any start');
  assert.equal(lookupTerm({ field: 'toUser', values: [], match: 'suffix' }, '234'), null);
  assert.equal(lookupTerm({ field: 'srcIp', values: [], match: 'prefix' }, '10.'), null, 'a /8 is not written');
  assert.equal(lookupTerm({ field: 'callId', values: [] }, 'x'), null, 'Call-IDs are partitions');
  assert.equal(lookupTerms({ field: 'toUser', values: ['0211', '02'], match: 'prefix' }, DAY), null, 'one value unserved: the lookup is');
});

test('a value too long to write whole is found by its longest start, or not at all', () => {
  const long = '0'.repeat(200);
  const r = makeRow({ toUser: long, viaBranch: `z9hG4bK${long}` });
  assert.ok(finds({ field: 'toUser', values: [long] }, r));
  assert.equal(lookupTerm({ field: 'viaBranch', values: [] }, `z9hG4bK${long}`), null);
  assert.ok(termsOf(r, DAY).every((t) => t.length < 120));
});
