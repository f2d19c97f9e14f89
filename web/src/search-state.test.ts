import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultState, stateFromParams, stateToParams, toRequest, type SearchState } from './search-state';

process.env.TZ = 'Europe/Berlin';
const now = new Date(2025, 10, 24, 9, 0);

test('a state survives the URL and back', () => {
  const s: SearchState = {
    ...defaultState(now), date: '2025-11-23', until: '2025-11-24', fromTime: '13:00', toTime: '02:00:30',
    fields: { toUser: '0211*', callId: 'abc@host', srcIp: '10.0.0.1' }, extra: [['x-customer', '42']], op: 'or',
    locations: ['berlin', 'köln'], limit: 500, unique: true, withLegs: true, advanced: true, collapse: true, sort: 'callId:desc',
  };
  const p = stateToParams(s);
  const back = stateFromParams(new URLSearchParams(p.toString()), now);
  assert.equal(back.submitted, true);
  assert.deepEqual(back.state, s);
});

test('an empty URL is an unsubmitted form for today; defaults stay out of the URL', () => {
  const r = stateFromParams(new URLSearchParams(''), now);
  assert.equal(r.submitted, false);
  assert.equal(r.state.date, '2025-11-24');
  assert.equal(stateToParams(r.state).toString(), 'date=2025-11-24&from=00%3A00&to=23%3A59');
  assert.equal(stateFromParams(new URLSearchParams('limit=99999&op=xor&sort=x'), now).state.limit, 200);
});

test('the API request: local range to UTC, empty fields dropped, errors in words', () => {
  const s = { ...defaultState(now), date: '2025-11-23', fromTime: '13:00', toTime: '14:00', fields: { toUser: ' 0211 ', fromUser: '' }, extra: [['X-Customer', '42']] as Array<[string, string]> };
  assert.deepEqual(toRequest(s), {
    ok: true,
    request: { from: '2025-11-23T12:00:00.000Z', to: '2025-11-23T13:00:59.999Z', fields: { toUser: '0211' }, op: 'and', limit: 200, unique: false, withLegs: false, extra: { 'x-customer': '42' } },
  });
  const r = toRequest({ ...s, fromTime: '14:00', toTime: '13:00' });
  assert.equal(r.ok, false);
  assert.match(r.error, /before its start/);
  assert.equal(toRequest({ ...s, date: '2025-13-01' }).ok, false);
});
