import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { compilePattern, compileQuery, MAX_ALTERNATIVES, MAX_PATTERN_LENGTH, type CompiledPattern } from './pattern.js';
import type { SearchQuery } from './types.js';

function pat(text: string, caseInsensitive = false): CompiledPattern {
  const r = compilePattern(text, { caseInsensitive });
  assert.ok(r.ok, `compilePattern(${JSON.stringify(text)}) failed`);
  return r.value;
}

describe('compilePattern', () => {
  const cases: Array<[string, string | number | null, boolean]> = [
    ['0211234567', '0211234567', true],
    ['0211234567', '02112345678', false],
    ['0211*', '0211234567', true],
    ['0211%', '0211234567', true],
    ['0211*', '0301', false],
    ['0211*', '0211', true],
    ['*@x', 'a@x', true],
    ['*@x', 'a@xy', false],
    ['*abc*', 'zzabczz', true],
    ['*abc*', 'ab', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['a*b*a', 'aba', true],
    ['a*b*a', 'ab', false],
    ['ab*ba', 'aba', false],
    ['*', '', true],
    ['*', null, false],
    ['4*', 486, true],
    ['4*', 503, false],
    ['200;486', 486, true],
    [' 200 ; 486 ;', 200, true],
    ['!OPTIONS', 'INVITE', true],
    ['!OPTIONS', 'OPTIONS', false],
    ['!OPTIONS', null, true],
    ['!*', null, true],
    ['!*', 'x', false],
    ['INVITE;!OPTIONS', null, false],
    ['0211*;!02119*', '0211234', true],
    ['0211*;!02119*', '0211999', false],
    ['', null, true],
    [';;', 'anything', true],
    ['Alice', 'alice', false],
  ];
  for (const [p, v, want] of cases) {
    test(`${JSON.stringify(p)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(v)}`, () => {
      assert.equal(pat(p).matches(v), want);
    });
  }

  test('caseInsensitive compares lower-cased on both sides', () => {
    assert.equal(pat('invite;Bye', true).matches('INVITE'), true);
    assert.equal(pat('invite;Bye', true).matches('bye'), true);
    assert.equal(pat('*/SDP', true).matches('application/sdp'), true);
    assert.equal(pat('!tcp', true).matches('TCP'), false);
    assert.equal(pat('invite').matches('INVITE'), false);
  });

  test('exactValues lists the values of an exact, positive pattern only', () => {
    assert.deepEqual(pat('a;b;a').exactValues(), ['a', 'b']);
    assert.deepEqual(pat('INVITE;Bye', true).exactValues(), ['invite', 'bye']);
    assert.equal(pat('a;b*').exactValues(), null);
    assert.equal(pat('a;!b').exactValues(), null);
    assert.equal(pat('!b').exactValues(), null);
    assert.equal(pat('').exactValues(), null);
  });

  test('prefix is the literal start common to every positive alternative', () => {
    assert.equal(pat('0211*').prefix(), '0211');
    assert.equal(pat('02119*;0211;!021*').prefix(), '0211');
    assert.equal(pat('*abc').prefix(), null);
    assert.equal(pat('abc;xyz').prefix(), null);
    assert.equal(pat('!abc').prefix(), null);
  });

  test('matchesAny: some value matches a positive alternative, none a negative one', () => {
    const p = pat('10.0.0.1;10.0.0.2;!10.0.0.9');
    assert.equal(p.matchesAny(['10.0.0.7', '10.0.0.2']), true);
    assert.equal(p.matchesAny(['10.0.0.9', '10.0.0.2']), false);
    assert.equal(p.matchesAny(['10.0.0.7', null]), false);
    assert.equal(pat('!10.0.0.9').matchesAny(['10.0.0.1', null]), true);
  });

  test('empty and only-separator patterns filter nothing', () => {
    assert.equal(pat('').empty, true);
    assert.equal(pat(' ; ;').empty, true);
    assert.equal(pat('a').empty, false);
  });

  test('errors name the limit or the bad alternative', () => {
    const long = compilePattern('x'.repeat(MAX_PATTERN_LENGTH + 1));
    assert.ok(!long.ok);
    assert.equal(long.reason, 'bad-pattern');
    assert.match(long.detail, /1025 characters.*limit is 1024/);
    assert.ok(compilePattern('x'.repeat(MAX_PATTERN_LENGTH)).ok);
    const many = compilePattern(Array.from({ length: MAX_ALTERNATIVES + 1 }, (_, i) => String(i)).join(';'));
    assert.ok(!many.ok);
    assert.match(many.detail, /65 alternatives.*limit is 64/);
    const bang = compilePattern('a; ! ;b');
    assert.ok(!bang.ok);
    assert.match(bang.detail, /"!" needs a value/);
  });
});

function query(over: Partial<SearchQuery>): SearchQuery {
  return { fromMicros: 0n, toMicros: 1n, fields: {}, extra: {}, op: 'and', locations: [], limit: 200, unique: false, withLegs: false, ...over };
}

function compiled(over: Partial<SearchQuery>) {
  const r = compileQuery(query(over));
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.value;
}

describe('compileQuery', () => {
  const invite = makeRow();
  const busy = makeRow({ method: null, status: 486, reasonPhrase: 'Busy Here', srcIp: '10.0.0.2', contactIp: null, cseqNum: 1, location: 'loc2' });

  test('no conditions match every row', () => {
    assert.equal(compiled({}).match(invite), true);
    assert.equal(compiled({ op: 'or' }).match(busy), true);
    assert.deepEqual(compiled({}).indexable, []);
  });

  test('fields combine with AND or OR', () => {
    const fields = { fromUser: '0301111111', method: 'BYE' };
    assert.equal(compiled({ fields }).match(invite), false);
    assert.equal(compiled({ fields, op: 'or' }).match(invite), true);
    assert.equal(compiled({ fields: { ...fields, method: 'invite' } }).match(invite), true);
  });

  test('numeric fields match on their decimal text', () => {
    assert.equal(compiled({ fields: { status: '4*' } }).match(busy), true);
    assert.equal(compiled({ fields: { status: '4*' } }).match(invite), false);
    assert.equal(compiled({ fields: { srcPort: '5060' } }).match(invite), true);
    assert.equal(compiled({ fields: { cseq: '1;2' } }).match(invite), true);
    const bad = compileQuery(query({ fields: { status: '4xx' } }));
    assert.ok(!bad.ok);
    assert.match(bad.detail, /^fields\.status: "4xx" is not a number pattern/);
  });

  test('originatorIp matches srcIp or contactIp; its negation excludes both', () => {
    const row = makeRow({ srcIp: '10.0.0.5', contactIp: '192.0.2.7' });
    assert.equal(compiled({ fields: { originatorIp: '192.0.2.7' } }).match(row), true);
    assert.equal(compiled({ fields: { originatorIp: '10.0.0.5' } }).match(row), true);
    assert.equal(compiled({ fields: { originatorIp: '10.0.0.6' } }).match(row), false);
    assert.equal(compiled({ fields: { originatorIp: '!192.0.2.7' } }).match(row), false);
    assert.deepEqual(compiled({ fields: { originatorIp: '10.0.0.5' } }).indexable, []);
  });

  test('extra headers are looked up by lower-case name; absent headers are null', () => {
    assert.equal(compiled({ extra: { 'X-CID': 'abc' } }).match(invite), true);
    assert.equal(compiled({ extra: { 'x-cid': 'ab*' } }).match(invite), true);
    assert.equal(compiled({ extra: { 'x-other': 'abc' } }).match(invite), false);
    assert.equal(compiled({ extra: { 'x-other': '!abc' } }).match(invite), true);
    assert.equal(compiled({ extra: { constructor: 'x*' } }).match(invite), false);
    assert.deepEqual(compiled({ extra: { 'X-CID': 'abc;def' } }).indexable, [[{ field: 'extra', header: 'x-cid', values: ['abc', 'def'] }]]);
  });

  test('locations are ANDed even when fields are ORed', () => {
    assert.equal(compiled({ locations: ['loc2'] }).match(invite), false);
    assert.equal(compiled({ locations: ['loc1', 'loc2'] }).match(invite), true);
    assert.equal(compiled({ fields: { method: 'INVITE', status: '486' }, op: 'or', locations: ['loc2'] }).match(invite), false);
    assert.equal(compiled({ fields: { method: 'INVITE', status: '486' }, op: 'or', locations: ['loc2'] }).match(busy), true);
  });

  test('unknown fields and bad patterns are errors naming the field', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ fooUser: 'x' }, /^fields\.fooUser: unknown field$/],
      [{ toString: 'x' }, /^fields\.toString: unknown field$/],
      [{ callId: '!' }, /^fields\.callId: "!" needs a value/],
    ];
    for (const [fields, re] of cases) {
      const r = compileQuery(query({ fields }));
      assert.ok(!r.ok);
      assert.match(r.detail, re);
    }
    const r = compileQuery(query({ fields: JSON.parse('{"__proto__":"x"}') as SearchQuery['fields'] }));
    assert.ok(!r.ok);
    assert.match(r.detail, /^fields\.__proto__: unknown field$/);
  });

  test('AND: every indexed field is a plan, the most selective first, whole values before starts', () => {
    const q = compiled({ fields: { srcIp: '10.0.0.1', fromUser: '0301;0302', callId: 'c1', method: 'INVITE', toUser: '0211*', status: '5*' } });
    assert.deepEqual(q.indexable, [
      [{ field: 'callId', values: ['c1'] }],
      [{ field: 'fromUser', values: ['0301', '0302'] }],
      [{ field: 'toUser', values: ['0211'], match: 'prefix' }],
      [{ field: 'srcIp', values: ['10.0.0.1'] }],
      [{ field: 'method', values: ['invite'] }],
      [{ field: 'status', values: ['5'], match: 'prefix' }],
    ]);
  });

  test('starts and ends: every positive alternative needs one; negatives do not spoil the plan', () => {
    const plan = (fields: SearchQuery['fields']) => compiled({ fields }).indexable;
    assert.deepEqual(plan({ toUser: '*551234' }), [[{ field: 'toUser', values: ['551234'], match: 'suffix' }]]);
    assert.deepEqual(plan({ toUser: '0211*;0311' }), [[{ field: 'toUser', values: ['0211', '0311'], match: 'prefix' }]]);
    assert.deepEqual(plan({ toUser: '0211*;!02115*' }), [[{ field: 'toUser', values: ['0211'], match: 'prefix' }]]);
    assert.deepEqual(plan({ toUser: '0211*;*99' }), [], 'one alternative has no start, the other no end');
    assert.deepEqual(plan({ toUser: '*55*' }), []);
    assert.deepEqual(plan({ toUser: '!0211*' }), []);
    assert.deepEqual(plan({ callId: 'abc*' }), [], 'a Call-ID is whole or nothing');
    assert.deepEqual(plan({ userAgent: 'Siptrail-Te*' }), [[{ field: 'userAgent', values: ['siptrail-te'], match: 'prefix' }]]);
    assert.deepEqual(plan({ reasonPhrase: 'Busy*' }), [], 'not an indexed field');
  });

  test('OR: one plan, the union of every term, only when every term has one', () => {
    assert.deepEqual(compiled({ op: 'or', fields: { fromUser: 'a', toUser: 'b' }, extra: { 'x-cid': 'c' } }).indexable, [[
      { field: 'fromUser', values: ['a'] },
      { field: 'toUser', values: ['b'] },
      { field: 'extra', header: 'x-cid', values: ['c'] },
    ]]);
    assert.deepEqual(compiled({ op: 'or', fields: { fromUser: 'a', toUser: 'b*' } }).indexable, [[{ field: 'fromUser', values: ['a'] }, { field: 'toUser', values: ['b'], match: 'prefix' }]]);
    assert.deepEqual(compiled({ op: 'or', fields: { fromUser: 'a', reasonPhrase: 'Busy' } }).indexable, []);
    assert.deepEqual(compiled({ op: 'or', fields: { fromUser: 'a', toUser: '' } }).indexable, [[{ field: 'fromUser', values: ['a'] }]]);
  });
});
