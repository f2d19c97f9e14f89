// Builds realistic MessageRow values for store tests.
import { createHash } from 'node:crypto';
import type { MessageRow } from '../../src/store/types.js';

/** A message row with every field set; `over` replaces any of them. */
export function makeRow(over: Partial<MessageRow> = {}): MessageRow {
  const payload = over.payload ?? Buffer.from(`INVITE sip:0211234567@10.0.0.2 SIP/2.0\r\nCall-ID: ${over.callId ?? 'call-1@host'}\r\n\r\n`);
  const ts = over.ts ?? 1_763_974_800_123_456n;
  const id = createHash('sha256').update(`${ts}|${over.location ?? 'loc1'}|${payload.toString('latin1')}`).digest().subarray(0, 16);
  return {
    ts, id, callId: 'call-1@host', location: 'loc1', node: 'cap1', captureId: 2001,
    srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5062, transport: 'udp', protoType: 1,
    method: 'INVITE', status: null, reasonPhrase: null, ruri: 'sip:0211234567@10.0.0.2', ruriUser: '0211234567', ruriDomain: '10.0.0.2',
    fromUser: '0301111111', fromDomain: 'a.example', fromTag: 'ft1', toUser: '0211234567', toDomain: 'b.example', toTag: null,
    pidUser: '0301111111', contactUser: '0301111111', contactIp: '10.0.0.1', contactPort: 5060, authUser: 'alice',
    via: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', viaBranch: 'z9hG4bK1', cseqNum: 1, cseqMethod: 'INVITE',
    userAgent: 'test-ua <script>alert(1)</script>', diversion: null, reason: null, contentType: 'application/sdp', maxForwards: 70,
    corr: [], extra: { 'x-cid': 'abc' }, dedupe: createHash('sha256').update(payload).digest().subarray(0, 16), payload,
    ...over,
    ...(over.id ? {} : { id }),
  };
}
