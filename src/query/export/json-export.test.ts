import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../../test/support/rows.js';
import type { MessageRow } from '../../store/types.js';
import { mixedRows } from './export-rows.test-helper.js';
import { exportJson, messageToJson } from './json-export.js';

test('messageToJson: every field, bigint as a string, ids as hex, SIP payload as text', () => {
  const row = makeRow({ ts: 1_763_974_800_123_456n, corr: ['abc'] });
  const j = messageToJson(row);
  assert.deepEqual(Object.keys(j).sort(), [...Object.keys(row), 'payloadEncoding', 'time'].sort());
  assert.equal(j.ts, '1763974800123456');
  assert.equal(j.time, '2025-11-24T09:00:00.123456Z');
  assert.equal(j.id, row.id.toString('hex'));
  assert.equal(j.dedupe, row.dedupe.toString('hex'));
  assert.deepEqual([j.payload, j.payloadEncoding], [row.payload.toString('utf8'), 'utf8']);
  assert.deepEqual([j.callId, j.srcPort, j.method, j.toTag, j.extra, j.corr], [row.callId, row.srcPort, row.method, null, { 'x-cid': 'abc' }, ['abc']]);
});

test('messageToJson: a payload that is not UTF-8 is written as hex, so no byte is lost', () => {
  const bin = Buffer.from([0x80, 0xc8, 0x00, 0x06, 0xff]);
  const j = messageToJson(makeRow({ protoType: 5, payload: bin }));
  assert.deepEqual([j.payload, j.payloadEncoding], ['80c80006ff', 'hex']);
});

test('exportJson: a parseable array of every row, oldest first, that converts back to the rows', () => {
  const rows = mixedRows();
  const parsed = JSON.parse(exportJson(rows)) as ReturnType<typeof messageToJson>[];
  assert.equal(parsed.length, rows.length);
  const ts = parsed.map((m) => BigInt(m.ts));
  assert.deepEqual(ts, [...ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const back = parsed.map(({ time: _time, payloadEncoding, ...m }): MessageRow => ({
    ...m, ts: BigInt(m.ts), id: Buffer.from(m.id, 'hex'), dedupe: Buffer.from(m.dedupe, 'hex'), payload: Buffer.from(m.payload, payloadEncoding === 'hex' ? 'hex' : 'utf8'),
  }));
  const byId = new Map(rows.map((r) => [r.id.toString('hex'), r]));
  for (const b of back) assert.deepEqual(b, byId.get(b.id.toString('hex')));
  assert.equal(exportJson([]), '[]\n');
});
