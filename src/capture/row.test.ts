// Rows hold every address in the one text of util/ip-text.ts, whatever spelling the input had.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSip } from '../sip/index.js';
import { sipRow, type CapturedPacket } from './row.js';

const SIP = Buffer.from('OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: row@x\r\nCSeq: 1 OPTIONS\r\nContact: <sip:a@[::FFFF:192.0.2.7]:5060>\r\nContent-Length: 0\r\n\r\n');
const OPT = { location: 'loc', node: 'cap', b2bSuffix: null };

test('one address in any spelling gives one row text, id and de-duplication key', () => {
  const sip = parseSip(SIP, { correlationHeaders: [], extraHeaders: [] });
  assert.ok(sip.ok);
  const packet = (srcIp: string, dstIp: string): CapturedPacket => ({ tsMicros: 1n, srcIp, srcPort: 5060, dstIp, dstPort: 5060, transport: 'udp', protoType: 1, captureId: null, nodeName: null, correlationId: null, payload: SIP });
  const rows = [packet('::ffff:10.0.0.1', '2001:db8::1'), packet('::ffff:a00:1', '2001:0DB8:0:0:0:0:0:1'), packet('0:0:0:0:0:FFFF:10.0.0.1', '2001:db8::0:1')].map((p) => sipRow(p, sip.value, OPT));
  for (const r of rows) {
    assert.deepEqual([r.srcIp, r.dstIp, r.contactIp], ['::ffff:10.0.0.1', '2001:db8::1', '::ffff:192.0.2.7']);
    assert.ok(r.id.equals(rows[0]!.id) && r.dedupe.equals(rows[0]!.dedupe));
  }
});
