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

test('a row has number ends, whole addresses, the status and its class, a lower-cased method and User-Agent start', () => {
  const d = dayCode(DAY);
  for (const t of ['nu>551234', 'nu>111111', 'si=10.1.2.3', 'di=2001:db8::1', 'st=486', 'st<4', 'me=invite', 'ua<siptrail', 'xx-cid=abc']) {
    assert.ok(terms.has(`${d}:${t}`), t);
  }
  for (const t of ['nu=02115551234', 'nu<0211', 'ua=siptrail-test/1.0', 'si<10.1.2.']) assert.ok(!terms.has(`${d}:${t}`), `${t}: served by a start or end, or not at all`);
  // A full row: three distinct numbers, an auth user, an extra header, method and status.
  assert.ok(terms.size <= 11, `${terms.size} terms: each is an index entry Cassandra writes`);
  assert.equal(terms.size, new Set(termsOf(row, DAY)).size, 'no repeats');
  const short = new Set(termsOf(makeRow({ toUser: '110', fromUser: '', userAgent: 'sbc' }), DAY));
  assert.ok(short.has(`${d}:nu=110`) && short.has(`${d}:ua=sbc`), 'values shorter than their start or end are written whole');
});

test('lookups find the row by whole value, start and end, case-folded where the search folds', () => {
  assert.ok(finds({ field: 'toUser', values: ['02115551234'] }), 'an exact number by its end');
  assert.ok(finds({ field: 'toUser', values: ['5551234'], match: 'suffix' }));
  assert.ok(finds({ field: 'status', values: ['4'], match: 'prefix' }));
  assert.ok(finds({ field: 'status', values: ['486'] }), 'an exact status by its own term');
  assert.equal(lookupTerm({ field: 'status', values: [] }, '486'), 'st=486');
  assert.ok(finds({ field: 'status', values: ['48'], match: 'prefix' }));
  assert.ok(finds({ field: 'method', values: ['invite'] }));
  assert.ok(finds({ field: 'userAgent', values: ['Siptrail-Te'], match: 'prefix' }));
  assert.ok(finds({ field: 'userAgent', values: ['SIPTRAIL-TEST/1.0'] }), 'an exact User-Agent by its start');
  assert.ok(finds({ field: 'srcIp', values: ['10.1.2.3'] }));
  assert.ok(finds({ field: 'extra', header: 'x-cid', values: ['abc'] }));
  assert.ok(!finds({ field: 'toUser', values: ['7771234'], match: 'suffix' }));
  assert.ok(finds({ field: 'fromUser', values: ['02115551234'] }), 'the numbers share terms: the plan check tells From from To');
  assert.ok(!finds({ field: 'authUser', values: ['02115551234'] }), 'other fields have their own');
  const short = makeRow({ toUser: '110' });
  assert.ok(finds({ field: 'toUser', values: ['110'] }, short));
});

test('a day written before schema 6 is asked for the status class (its rows have no exact status term)', () => {
  const old = { exactStatus: false };
  assert.equal(lookupTerm({ field: 'status', values: [] }, '486', old), 'st<4');
  assert.deepEqual(lookupTerms({ field: 'status', values: ['486', '487'] }, DAY, old), [`${dayCode(DAY)}:st<4`, `${dayCode(DAY)}:st<4`]);
  assert.equal(lookupTerm({ field: 'status', values: [], match: 'prefix' }, '48', old), 'st<4');
  assert.equal(lookupTerm({ field: 'toUser', values: [] }, '02115551234', old), 'nu>551234', 'other fields are as they were');
  // A row of that time: the class, no exact status.
  const written = new Set(termsOf(row, DAY).filter((t) => !t.endsWith(':st=486')));
  assert.ok(lookupTerms({ field: 'status', values: ['486'] }, DAY, old)?.every((t) => written.has(t)));
});

test('what the terms cannot serve is null: the store scans instead', () => {
  assert.equal(lookupTerm({ field: 'toUser', values: [], match: 'prefix' }, '0211'), null, 'number starts are scanned for');
  assert.equal(lookupTerm({ field: 'toUser', values: [], match: 'suffix' }, '51234'), null, 'shorter than the end');
  assert.equal(lookupTerm({ field: 'userAgent', values: [], match: 'prefix' }, 'sipt'), null);
  assert.equal(lookupTerm({ field: 'srcIp', values: [], match: 'prefix' }, '10.1.2.'), null, 'no address ranges');
  assert.equal(lookupTerm({ field: 'viaBranch', values: [] }, 'z9hG4bK1'), null, 'unique per transaction: no terms');
  assert.equal(lookupTerm({ field: 'transport', values: [] }, 'udp'), null, 'never selective: no terms');
  assert.equal(lookupTerm({ field: 'callId', values: [] }, 'x'), null, 'Call-IDs are partitions');
  assert.equal(lookupTerms({ field: 'toUser', values: ['551234', '02'], match: 'suffix' }, DAY), null, 'one value unserved: the lookup is');
});

test('a value too long to write whole is found by its start or end, or not at all', () => {
  const long = '0'.repeat(200);
  const r = makeRow({ toUser: long, authUser: long });
  assert.ok(finds({ field: 'toUser', values: [long] }, r));
  assert.equal(lookupTerm({ field: 'authUser', values: [] }, long), null);
  assert.ok(termsOf(r, DAY).every((t) => t.length < 120));
});
