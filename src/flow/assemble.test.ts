import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFlow, registration } from '../../test/support/call-flows.js';
import { makeRow } from '../../test/support/rows.js';
import { dayOf, type MessageRow } from '../store/types.js';
import { assembleCallFlow } from './assemble.js';
import { wireRows } from './wire-rows.test-helper.js';

const t0 = 1_763_974_800_000_000n; // 2025-11-24 09:00:00 UTC
const aliases = [
  { ip: '10.0.0.5', port: null, name: 'SBC' },
  { ip: '10.0.0.2', port: 5060, name: 'callee PBX' },
];
// Caller -> SBC on the A leg; the SBC (a B2BUA) calls the callee 2 ms later on the B leg.
const legA = wireRows(callFlow({ callId: 'b2b@a', from: '0301111111', to: '0211234567', t0, callee: '10.0.0.5' }));
const legB = wireRows(callFlow({ callId: 'b2b@a_b2b-1', from: '0301111111', to: '0211234567', t0: t0 + 2_000n, caller: '10.0.0.5' }));
const summary = (m: { label: string; leg: number; srcHost: number; dstHost: number }) => `${m.leg} ${m.srcHost}->${m.dstHost} ${m.label}`;

test('assembleCallFlow: two B2B legs merged in time order, hosts labelled by alias', () => {
  const flow = assembleCallFlow([{ callId: 'b2b@a', rows: legA }, { callId: 'b2b@a_b2b-1', rows: legB }], aliases, { unique: true });
  assert.deepEqual(flow.callIds, ['b2b@a', 'b2b@a_b2b-1']);
  assert.deepEqual(flow.hosts.map((h) => [h.key, h.label]), [['10.0.0.1:5060', '10.0.0.1:5060'], ['10.0.0.5:5060', 'SBC'], ['10.0.0.2:5060', 'callee PBX']]);
  assert.deepEqual(flow.messages.map(summary), [
    '0 0->1 INVITE', '0 1->0 100 Trying', '1 1->2 INVITE', '1 2->1 100 Trying', '0 1->0 180 Ringing', '1 2->1 180 Ringing',
    '0 1->0 200 OK', '1 2->1 200 OK', '0 0->1 ACK', '1 1->2 ACK', '0 0->1 BYE', '1 1->2 BYE', '0 1->0 200 OK', '1 2->1 200 OK',
  ]);
  // Each leg has its own transactions: INVITE, ACK, BYE.
  assert.deepEqual(flow.messages.map((m) => m.transaction), [0, 0, 1, 1, 0, 1, 0, 1, 2, 3, 4, 5, 4, 5]);
  assert.deepEqual(flow.messages.map((m) => m.answers), [null, 0, null, 2, 0, 2, 0, 2, null, null, null, null, 10, 11]);
  assert.deepEqual(flow.messages.map((m) => m.dialog), [0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  const invite = flow.messages[0];
  assert.equal(invite?.ts, t0.toString());
  assert.equal(invite.isRequest, true);
  assert.equal(invite.fromUser, '0301111111');
  assert.match(invite.text, /^INVITE sip:0211234567@10\.0\.0\.5 SIP\/2\.0\r\n/);
});

test('assembleCallFlow: a call crossing midnight, read from two day partitions, is in order with exact deltas', () => {
  const rows = wireRows(callFlow({ callId: 'night@a', from: '0301111111', to: '0211234567', t0: 1_763_942_399_999_000n }));
  const day1 = rows.filter((r) => dayOf(r.ts) === '2025-11-23');
  const day2 = rows.filter((r) => dayOf(r.ts) === '2025-11-24');
  assert.deepEqual([day1.length, day2.length], [1, 6]);
  const flow = assembleCallFlow([{ callId: 'night@a', rows: [...day2, ...day1] }], [], { unique: false });
  assert.deepEqual(flow.messages.map((m) => m.label), ['INVITE', '100 Trying', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK']);
  assert.deepEqual(flow.messages.map((m) => m.deltaMicros), ['0', '1500', '300000', '4000000', '20000', '30000000', '15000']);
  assert.deepEqual(flow.messages.map((m) => m.sinceStartMicros), ['0', '1500', '301500', '4301500', '4321500', '34321500', '34336500']);
  assert.equal(flow.messages[1]?.ts, '1763942400000500');
});

test('assembleCallFlow: copies from two capture locations fold when unique and are kept otherwise', () => {
  const spec = { callId: 'two@a', from: '0301111111', to: '0211234567', t0 };
  const berlin = wireRows(callFlow(spec), { location: 'berlin', node: 'cap-b' });
  const frankfurt = wireRows(callFlow(spec), { location: 'frankfurt', node: 'cap-f', offsetMicros: 300n });
  const legs = [{ callId: 'two@a', rows: [...berlin, ...frankfurt] }];

  const unique = assembleCallFlow(legs, [], { unique: true });
  assert.equal(unique.messages.length, 7);
  assert.ok(unique.messages.every((m) => m.location === 'berlin'));
  assert.deepEqual(unique.messages[0]?.seenAt, [
    { location: 'berlin', node: 'cap-b', ts: t0.toString() },
    { location: 'frankfurt', node: 'cap-f', ts: (t0 + 300n).toString() },
  ]);

  const all = assembleCallFlow(legs, [], { unique: false });
  assert.equal(all.messages.length, 14);
  assert.deepEqual(all.messages.slice(0, 4).map((m) => [m.label, m.location, m.seenAt.length]), [
    ['INVITE', 'berlin', 1], ['INVITE', 'frankfurt', 1], ['100 Trying', 'berlin', 1], ['100 Trying', 'frankfurt', 1],
  ]);
  // Each copy of the 100 answers the INVITE seen at its own location.
  assert.deepEqual(all.messages.slice(0, 4).map((m) => m.answers), [null, null, 0, 1]);
  assert.deepEqual(all.messages.slice(0, 4).map((m) => m.transaction), [0, 0, 0, 0]);
});

test('assembleCallFlow: a 486 pairs with the INVITE, and its ACK is in the same transaction', () => {
  const rows = wireRows(callFlow({ callId: 'busy@a', from: '0301111111', to: '0211234567', t0, failWith: [486, 'Busy Here'] }));
  const flow = assembleCallFlow([{ callId: 'busy@a', rows }], [], { unique: true });
  assert.deepEqual(flow.messages.map((m) => [m.label, m.transaction, m.answers, m.isRequest]), [
    ['INVITE', 0, null, true], ['100 Trying', 0, 0, false], ['486 Busy Here', 0, 0, false], ['ACK', 0, null, true],
  ]);
});

test('assembleCallFlow: 200 messages read from shuffled partitions stay in capture order', () => {
  // 50 registrations 5 ms apart: each takes 12 ms, so their messages interleave.
  const rows = Array.from({ length: 50 }, (_, k) => wireRows(registration('regs@a', `u${k}`, t0 + BigInt(k) * 5_000n))).flat();
  assert.equal(rows.length, 200);
  const parts: MessageRow[][] = [[], [], []];
  rows.forEach((r, i) => parts[(i * 7) % 3]?.unshift(r));
  const flow = assembleCallFlow(parts.map((p) => ({ callId: 'regs@a', rows: p })), [], { unique: true });
  assert.equal(flow.messages.length, 200);
  const ts = flow.messages.map((m) => BigInt(m.ts));
  assert.deepEqual(ts, [...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.equal(new Set(flow.messages.map((m) => m.transaction)).size, 100);
  const total = flow.messages.reduce((s, m) => s + BigInt(m.deltaMicros), 0n);
  assert.equal(total.toString(), flow.messages.at(-1)?.sinceStartMicros);
  // Every response answers a request of its own transaction.
  for (const m of flow.messages.filter((x) => !x.isRequest)) {
    assert.equal(flow.messages[m.answers ?? -1]?.transaction, m.transaction);
  }
});

test('assembleCallFlow: JSON-safe, payload as text with invalid UTF-8 replaced, custom message ids', () => {
  const bad = makeRow({ callId: 'j@a', payload: Buffer.concat([Buffer.from('OPTIONS sip:x SIP/2.0\r\nX-Name: M'), Buffer.from([0xfc, 0xff]), Buffer.from('ller\r\n\r\n')]) });
  const rtcp = makeRow({ callId: 'j@a', ts: bad.ts + 1n, protoType: 5, method: null, status: null, payload: Buffer.from('{"type":200}') });
  const flow = assembleCallFlow([{ callId: 'j@a', rows: [rtcp, bad] }], [], { unique: true, messageId: (r) => `id-${r.ts}` });
  assert.deepEqual(JSON.parse(JSON.stringify(flow)), flow);
  assert.equal(flow.messages[0]?.text, 'OPTIONS sip:x SIP/2.0\r\nX-Name: M\ufffd\ufffdller\r\n\r\n');
  assert.equal(flow.messages[0].id, `id-${bad.ts}`);
  assert.deepEqual([flow.messages[1]?.label, flow.messages[1]?.transaction, flow.messages[1]?.text], ['RTCP', null, '{"type":200}']);
});

test('assembleCallFlow: default ids are the row ids in base64url; no legs is an empty flow', () => {
  const row = makeRow();
  const flow = assembleCallFlow([{ callId: row.callId, rows: [row] }], [], { unique: false });
  assert.equal(flow.messages[0]?.id, row.id.toString('base64url'));
  assert.deepEqual(assembleCallFlow([], [], { unique: true }), { callIds: [], hosts: [], messages: [] });
});
