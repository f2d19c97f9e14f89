import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrowKind, COLUMN, GUTTER, layoutFlow, ROW } from './flow-layout';
import type { CallFlow, FlowMessage } from './types';

process.env.TZ = 'UTC';

const m = (i: number, src: number, dst: number, label: string, status: number | null, delta: string): FlowMessage => ({
  id: `id${i}`, ts: String(1_763_892_000_000_000 + i * 1000), callId: 'c', leg: i % 2, srcHost: src, dstHost: dst, label, isRequest: status === null,
  transaction: 0, dialog: 0, answers: null, deltaMicros: delta, sinceStartMicros: delta, seenAt: [], location: 'it', node: 'n',
  srcIp: '', srcPort: 0, dstIp: '', dstPort: 0, transport: 'udp', protoType: 1, method: status === null ? label : null, status,
  reasonPhrase: null, ruriUser: null, fromUser: null, toUser: null, fromTag: null, toTag: null, viaBranch: null, cseqNum: null, cseqMethod: null,
  userAgent: null, contentType: null, text: '',
});

test('columns left to right, one row per message, arrows from source to destination', () => {
  const flow: CallFlow = {
    callIds: ['c', 'c2'],
    hosts: [{ key: '10.0.0.1:5060', label: '10.0.0.1:5060', ip: '10.0.0.1', port: 5060 }, { key: '10.0.0.2:5060', label: 'sbc', ip: '10.0.0.2', port: 5060 }],
    messages: [m(0, 0, 1, 'INVITE', null, '0'), m(1, 1, 0, '486 Busy Here', 486, '1500'), m(2, 1, 1, 'OPTIONS', null, '2000000')],
  };
  const l = layoutFlow(flow);
  assert.deepEqual(l.columns.map((c) => [c.x, c.aliased]), [[GUTTER + COLUMN / 2, false], [GUTTER + COLUMN * 1.5, true]]);
  assert.deepEqual(l.arrows.map((a) => [a.x1 < a.x2, a.dashed, a.self, a.kind, a.delta, a.leg]), [
    [true, false, false, 'request', 'start', 0], [false, true, false, 'failure', '+1.500 ms', 1], [false, false, true, 'request', '+2.000 s', 0],
  ]);
  assert.deepEqual(l.arrows.map((a) => a.y), [0, 1, 2].map((i) => ROW * i + ROW * 0.75));
  assert.equal(l.arrows[0]!.time, '10:00:00.000000');
  assert.equal(l.width, GUTTER + 2 * COLUMN);
  assert.equal(l.height, 3 * ROW + ROW / 2);
});

test('arrow kinds by status class', () => {
  assert.deepEqual([null, 100, 200, 302, 404, 503].map((s) => arrowKind({ isRequest: s === null, status: s })), ['request', 'provisional', 'success', 'redirect', 'failure', 'failure']);
});
