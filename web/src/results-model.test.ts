import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callColours, collapseByCall, methodOrReply, sortRows, CALL_COLOURS } from './results-model';
import type { MessageSummary } from './types';

let n = 0;
const msg = (callId: string, ts: number, over: Partial<MessageSummary> = {}): MessageSummary => ({
  id: `m${n++}`, ts: String(ts), callId, location: 'it', node: 'n', srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5060,
  transport: 'udp', protoType: 1, method: 'INVITE', status: null, reasonPhrase: null, ruriUser: null, fromUser: 'a', toUser: 'b', fromTag: null, toTag: null,
  cseqNum: 1, cseqMethod: 'INVITE', userAgent: null, contentType: null, ...over,
});

test('calls get colours in order of appearance, cycling after the palette', () => {
  const rows = Array.from({ length: CALL_COLOURS + 2 }, (_, i) => msg(`c${i}`, i));
  const c = callColours([rows[0]!, ...rows]);
  assert.equal(c.get('c0'), 0);
  assert.equal(c.get('c1'), 1);
  assert.equal(c.get(`c${CALL_COLOURS}`), 0);
});

test('labels and sorting: stable, ties in time order, alias names sort as shown', () => {
  assert.equal(methodOrReply({ method: null, status: 486, reasonPhrase: 'Busy Here' }), '486 Busy Here');
  const rows = [msg('b', 3), msg('a', 2, { srcIp: '10.0.0.9' }), msg('b', 1), msg('a', 4)];
  assert.deepEqual(sortRows(rows, 'callId:asc', (ip) => ip).map((r) => `${r.callId}${r.ts}`), ['a2', 'a4', 'b1', 'b3']);
  assert.deepEqual(sortRows(rows, 'time:desc', (ip) => ip).map((r) => r.ts), ['4', '3', '2', '1']);
  assert.deepEqual(sortRows(rows, 'src:asc', (ip) => (ip === '10.0.0.9' ? '0-sbc' : ip)).map((r) => r.ts)[0], '2');
  assert.deepEqual(sortRows(rows, 'nonsense', (ip) => ip), rows);
});

test('one line per call: first message, outcome of the first transaction, count', () => {
  const rows = [
    msg('x', 30, { method: 'ACK', cseqMethod: 'ACK' }),
    msg('x', 20, { method: null, status: 486, reasonPhrase: 'Busy Here' }),
    msg('x', 15, { method: null, status: 100, reasonPhrase: 'Trying' }),
    msg('x', 10),
    msg('r', 5, { method: 'REGISTER', cseqMethod: 'REGISTER' }),
  ];
  const lines = collapseByCall(rows);
  assert.deepEqual(lines.map((l) => [l.callId, l.first.ts, l.count, l.outcome, l.failed]), [['x', '10', 4, 'INVITE → 486 Busy Here', true], ['r', '5', 1, 'REGISTER', false]]);
});
