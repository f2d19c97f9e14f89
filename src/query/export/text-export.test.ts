import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFlow } from '../../../test/support/call-flows.js';
import { makeRow } from '../../../test/support/rows.js';
import { wireRows } from '../../flow/wire-rows.test-helper.js';
import { mixedRows, T0 } from './export-rows.test-helper.js';
import { exportText, messageHeading, readablePayload } from './text-export.js';

test('exportText: a heading line per message, then the SIP text, blank lines between, oldest first', () => {
  const rows = wireRows(callFlow({ callId: 'txt@a', from: '0301111111', to: '0211234567', t0: T0, failWith: [486, 'Busy Here'] }), { location: 'berlin' });
  const text = exportText([...rows].reverse());
  const blocks = text.split(/\n\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC {2})/);
  assert.equal(blocks.length, 4);
  assert.equal(blocks[0]?.split('\n')[0], '2025-11-24 09:00:00.123456 UTC  10.0.0.1:5060 -> 10.0.0.2:5060  UDP  berlin');
  assert.equal(blocks[0].split('\n')[1], 'INVITE sip:0211234567@10.0.0.2 SIP/2.0');
  assert.equal(blocks[2]?.split('\n').slice(0, 2).join('\n'), '2025-11-24 09:00:00.924956 UTC  10.0.0.2:5060 -> 10.0.0.1:5060  UDP  berlin\nSIP/2.0 486 Busy Here');
  // Exactly one blank line separates a message from the next heading.
  for (const b of blocks.slice(0, -1)) assert.match(b, /[^\n]$/);
  assert.match(text, /Content-Length: 0\n$/);
  assert.ok(!text.includes('\r'));
  // The INVITE keeps its SDP body after the header/body blank line.
  assert.match(blocks[0], /Content-Length: \d+\n\nv=0\no=- 1 1 IN IP4 10\.0\.0\.1\n/);
});

test('messageHeading: IPv6 endpoints in brackets, transport as written upper-case', () => {
  const v6 = mixedRows().find((r) => r.srcIp.includes(':'));
  assert.ok(v6);
  assert.equal(messageHeading(v6), '2025-11-24 09:00:03.123456 UTC  [2001:db8::3]:5060 -> [2001:db8::2]:5060  UDP  berlin');
  assert.match(messageHeading(makeRow({ transport: 'tls', location: 'frankfurt' })), / {2}TLS {2}frankfurt$/);
});

test('readablePayload: invalid UTF-8 replaced, terminal control characters escaped', () => {
  const p = Buffer.concat([Buffer.from('OPTIONS sip:x SIP/2.0\r\nX-Evil: \x1b[2J\x00end\rmore\r\nX-Name: M'), Buffer.from([0xfc]), Buffer.from('ller\r\n\r\n')]);
  assert.equal(readablePayload(p), 'OPTIONS sip:x SIP/2.0\nX-Evil: \\x1b[2J\\x00end\\x0dmore\nX-Name: M\ufffdller');
  assert.equal(readablePayload(Buffer.from('a\tb')), 'a\tb');
});

test('exportText: no rows is an empty text', () => {
  assert.equal(exportText([]), '');
});

test('readablePayload: a 64 KiB run of line feeds takes linear time, trailing ones are cut', () => {
  const run = '\n'.repeat(64 * 1024);
  const started = performance.now();
  // Not at the end: /\n+$/ backtracked through the whole run from each of its offsets (seconds).
  assert.equal(readablePayload(Buffer.from(`${run}x`)), `${run}x`);
  assert.equal(readablePayload(Buffer.from(`x${run}`)), 'x');
  assert.equal(readablePayload(Buffer.from(run)), '');
  assert.ok(performance.now() - started < 250, `took ${(performance.now() - started).toFixed(0)} ms`);
});
