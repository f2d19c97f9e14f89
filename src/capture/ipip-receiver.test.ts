// The IP-in-IP input fed captured frames as libpcap hands them over: mirrored SIP over UDP and
// over TCP (a message split over two segments is stored once, whole), and what is not IP-in-IP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { encodeEthernet, encodeIpip, encodeIpPacket, encodeIpv4Udp, LinkType, TcpFlag } from '../frames/index.js';
import { RateLimitedLog, silentLogger } from '../log/logger.js';
import type { MessageRow } from '../store/types.js';
import { CaptureCounters } from './counters.js';
import { Ingest } from './ingest.js';
import { ipipFrameHandler } from './ipip-receiver.js';

const sip = (callId: string) => Buffer.from(`MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 10.1.1.1:5061;branch=z9hG4bK-${callId}\r\nFrom: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: ${callId}\r\nCSeq: 1 MESSAGE\r\nContent-Length: 5\r\n\r\nhello`);
const must = <T>(r: { ok: true; value: T } | { ok: false; detail: string }): T => {
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};
const mirrored = (inner: Buffer) => encodeEthernet(must(encodeIpip('192.0.2.1', '192.0.2.200', inner)), 4);

function rig(allowed?: (a: string) => boolean) {
  const registry = new Registry();
  const rows: MessageRow[] = [];
  const opt = { location: 'loc', node: 'cap', b2bSuffix: null, authKey: '', maxMessageBytes: 65_536, sip: { correlationHeaders: [], extraHeaders: [] } };
  const ingest = new Ingest(opt, (r) => rows.push(r), new CaptureCounters(registry), new RateLimitedLog(silentLogger()));
  const rejected = async () => ((await registry.getSingleMetric('siptrail_capture_rejected_total')?.get())?.values ?? []).filter((v) => v.value > 0).map((v) => v.labels.reason);
  return { handler: ipipFrameHandler(ingest, { maxFlows: 8, maxFlowBytes: 65_536, timeoutMs: 60_000 }, allowed), rows, rejected };
}

test('a SIP message split over two mirrored TCP segments is one row with the inner endpoints', async () => {
  const { handler, rows, rejected } = rig();
  const m = sip('split@x');
  const cut = 40;
  const seg = (seq: number, flags: number, payload: Buffer) => mirrored(must(encodeIpPacket('tcp', { src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5061, dstPort: 5060, payload, seq, flags })));
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 1_000n, data: seg(1000, TcpFlag.SYN, Buffer.alloc(0)) });
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 2_000n, data: seg(1001, TcpFlag.ACK, m.subarray(0, cut)) });
  assert.equal(rows.length, 0);
  assert.equal(handler.tcpFlows, 1);
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 3_000n, data: seg(1001 + cut, TcpFlag.ACK | TcpFlag.PSH, m.subarray(cut)) });
  assert.equal(rows.length, 1);
  const r = rows[0]!;
  assert.deepEqual([r.callId, r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.transport, r.ts], ['split@x', '10.1.1.1', 5061, '10.2.2.2', 5060, 'tcp', 3_000n]);
  assert.ok(r.payload.equals(m));
  assert.deepEqual(await rejected(), []);
});

test('mirrored UDP is stored; a frame that is not IP-in-IP is rejected as ipip-not-ipip', async () => {
  const { handler, rows, rejected } = rig();
  const udp = must(encodeIpv4Udp({ src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5060, dstPort: 5060, payload: sip('udp@x') }));
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 1n, data: mirrored(udp) });
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 2n, data: encodeEthernet(udp, 4) });
  assert.deepEqual(rows.map((r) => [r.callId, r.transport]), [['udp@x', 'udp']]);
  assert.deepEqual(await rejected(), ['ipip-not-ipip']);
});

test('capture.allowNetworks applies to the mirroring device (the outer source): others are rejected as not-allowed', async () => {
  const only = (a: string) => a.startsWith('198.51.100.');
  const { handler, rows, rejected } = rig(only);
  const udp = must(encodeIpv4Udp({ src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5060, dstPort: 5060, payload: sip('mirror@x') }));
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 1n, data: mirrored(udp) }); // outer source 192.0.2.1
  assert.equal(rows.length, 0);
  assert.deepEqual(await rejected(), ['not-allowed']);
  const fromAllowed = encodeEthernet(must(encodeIpip('198.51.100.7', '192.0.2.200', udp)), 4);
  handler.frame({ linkType: LinkType.EN10MB, tsMicros: 2n, data: fromAllowed });
  assert.equal(rows.length, 1);
});
