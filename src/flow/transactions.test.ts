import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFlow, registration } from '../../test/support/call-flows.js';
import { makeRow } from '../../test/support/rows.js';
import type { MessageRow } from '../store/types.js';
import { linkMessages } from './transactions.js';
import { wireRows } from './wire-rows.test-helper.js';

const t0 = 1_763_974_800_000_000n;
const pick = (rows: MessageRow[], f: (l: ReturnType<typeof linkMessages>[number]) => unknown) => linkMessages(rows).map(f);

test('linkMessages: a completed call: INVITE transaction, ACK of the 2xx apart, BYE transaction', () => {
  const rows = wireRows(callFlow({ callId: 'ok@a', from: '0301111111', to: '0211234567', t0 }));
  // INVITE 100 180 200 ACK BYE 200
  const links = linkMessages(rows);
  assert.deepEqual(links.map((l) => l.transaction), [0, 0, 0, 0, 1, 2, 2]);
  assert.deepEqual(links.map((l) => l.isRequest), [true, false, false, false, true, true, false]);
  assert.deepEqual(links.map((l) => l.answers), [null, 0, 0, 0, null, null, 5]);
  assert.deepEqual(links.map((l) => l.dialog), [0, 0, 0, 0, 0, 0, 0]);
});

test('linkMessages: a 486 answers the INVITE, and the ACK of the 486 belongs to the INVITE transaction', () => {
  const rows = wireRows(callFlow({ callId: 'busy@a', from: '0301111111', to: '0211234567', t0, failWith: [486, 'Busy Here'] }));
  assert.deepEqual(rows.map((r) => r.method ?? r.status), ['INVITE', 100, 486, 'ACK']);
  const links = linkMessages(rows);
  assert.deepEqual(links.map((l) => l.transaction), [0, 0, 0, 0]);
  assert.deepEqual(links.map((l) => l.answers), [null, 0, 0, null]);
});

test('linkMessages: a registration with a challenge is two transactions', () => {
  const rows = wireRows(registration('reg@a', 'alice', t0));
  const links = linkMessages(rows);
  assert.deepEqual(links.map((l) => l.transaction), [0, 0, 1, 1]);
  assert.deepEqual(links.map((l) => l.answers), [null, 0, null, 2]);
});

// A cancelled call: the CANCEL shares the INVITE's branch but is its own transaction.
const sip = (over: Partial<MessageRow>) => makeRow({ callId: 'c@a', viaBranch: 'z9hG4bKinv', cseqNum: 1, fromTag: 'f1', toTag: null, ...over });
const cancelled = [
  sip({ ts: 1n, method: 'INVITE', cseqMethod: 'INVITE' }),
  sip({ ts: 2n, method: 'CANCEL', cseqMethod: 'CANCEL' }),
  sip({ ts: 3n, method: null, status: 200, cseqMethod: 'CANCEL', toTag: 't1' }),
  sip({ ts: 4n, method: null, status: 487, cseqMethod: 'INVITE', toTag: 't1' }),
  sip({ ts: 5n, method: 'ACK', cseqMethod: 'ACK', toTag: 't1' }),
];

test('linkMessages: CANCEL is its own transaction; 487 answers the INVITE, its ACK joins the INVITE', () => {
  const links = linkMessages(cancelled);
  assert.deepEqual(links.map((l) => l.transaction), [0, 1, 1, 0, 0]);
  assert.deepEqual(links.map((l) => l.answers), [null, null, 1, 0, null]);
});

test('linkMessages: an ACK with a new branch (ACK of a 2xx done right) is its own transaction', () => {
  const rows = [
    sip({ ts: 1n, method: 'INVITE', cseqMethod: 'INVITE' }),
    sip({ ts: 2n, method: null, status: 200, cseqMethod: 'INVITE', toTag: 't1' }),
    sip({ ts: 3n, method: 'ACK', cseqMethod: 'ACK', toTag: 't1', viaBranch: 'z9hG4bKack' }),
  ];
  assert.deepEqual(pick(rows, (l) => l.transaction), [0, 0, 1]);
});

test('linkMessages: RFC 2543 messages without a cookie branch are keyed by Call-ID, From tag and CSeq', () => {
  const rows = [
    sip({ ts: 1n, method: 'INVITE', cseqMethod: 'INVITE', viaBranch: null }),
    sip({ ts: 2n, method: null, status: 100, cseqMethod: 'INVITE', viaBranch: null }),
    sip({ ts: 3n, method: 'INVITE', cseqMethod: 'INVITE', viaBranch: '1', fromTag: 'other' }),
    sip({ ts: 4n, method: null, status: 603, cseqMethod: 'INVITE', viaBranch: '1', fromTag: 'other', toTag: 't' }),
  ];
  assert.deepEqual(pick(rows, (l) => l.transaction), [0, 0, 1, 1]);
  assert.deepEqual(pick(rows, (l) => l.answers), [null, 0, null, 2]);
});

test('linkMessages: B2B legs reusing a branch value are still separate transactions', () => {
  const rows = [
    sip({ ts: 1n, method: 'INVITE', cseqMethod: 'INVITE' }),
    sip({ ts: 2n, method: 'INVITE', cseqMethod: 'INVITE', callId: 'c@a_b2b-1' }),
    sip({ ts: 3n, method: null, status: 100, cseqMethod: 'INVITE', callId: 'c@a_b2b-1' }),
  ];
  assert.deepEqual(pick(rows, (l) => l.transaction), [0, 1, 1]);
  assert.deepEqual(pick(rows, (l) => l.answers), [null, null, 1]);
});

test('linkMessages: with copies from two capture points, a response answers the request seen where it was seen', () => {
  const req = (ts: bigint, location: string) => sip({ ts, location, method: 'OPTIONS', cseqMethod: 'OPTIONS' });
  const res = (ts: bigint, location: string) => sip({ ts, location, method: null, status: 200, cseqMethod: 'OPTIONS', toTag: 't' });
  const rows = [req(1n, 'a'), req(2n, 'b'), res(3n, 'b'), res(4n, 'a'), res(5n, 'c')];
  assert.deepEqual(pick(rows, (l) => l.answers), [null, null, 1, 0, 1]);
});

test('linkMessages: a response captured before its request (clock skew) still finds it', () => {
  const rows = [sip({ ts: 1n, method: null, status: 100, cseqMethod: 'INVITE' }), sip({ ts: 2n, method: 'INVITE', cseqMethod: 'INVITE' })];
  assert.deepEqual(pick(rows, (l) => l.answers), [1, null]);
  assert.deepEqual(pick([rows[0] as MessageRow], (l) => l.answers), [null]);
});

test('linkMessages: requests from the callee (tags swapped) stay in the dialog; a new From tag is a new dialog', () => {
  const rows = [
    sip({ ts: 1n, method: 'INVITE', cseqMethod: 'INVITE' }),
    sip({ ts: 2n, method: null, status: 200, cseqMethod: 'INVITE', toTag: 't1' }),
    sip({ ts: 3n, method: 'BYE', cseqMethod: 'BYE', cseqNum: 7, fromTag: 't1', toTag: 'f1', viaBranch: 'z9hG4bKbye' }),
    sip({ ts: 4n, method: 'OPTIONS', cseqMethod: 'OPTIONS', fromTag: 'x', viaBranch: 'z9hG4bKopt' }),
  ];
  assert.deepEqual(pick(rows, (l) => l.dialog), [0, 0, 0, 1]);
});

test('linkMessages: non-SIP rows belong to no transaction or dialog', () => {
  const rtcp = makeRow({ protoType: 5, method: null, status: null, cseqMethod: null, cseqNum: null });
  assert.deepEqual(linkMessages([rtcp]), [{ isRequest: false, transaction: null, dialog: null, answers: null }]);
});
