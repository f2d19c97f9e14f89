// IP-in-IP mirrored SIP captured live with libpcap on the loopback interface: raw IPv4
// packets with protocol 4 are sent through a real raw socket (python3, needs root) and
// the capture node stores the inner SIP with the inner endpoints, over UDP and over TCP
// (the frames stage puts a message split over two segments back together).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { dayOf } from '../../src/store/types.js';
import { encodeIpip, encodeIpPacket, encodeIpv4Udp, TcpFlag } from '../../src/frames/index.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { callFlow } from '../support/call-flows.js';
import { counter, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { canCaptureOnLo, sendRawIpv4 } from '../support/raw-ip.js';

describe('IP-in-IP capture with libpcap on lo', { skip: canCaptureOnLo ? false : 'needs root for libpcap and raw sockets' }, () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  before(async () => {
    ks = await testKeyspace('ipip');
    cap = await startTestCapture(ks.cfg, ks.client, { ipipInterface: 'lo', allowNetworks: ['127.0.0.0/8'] });
    await new Promise((r) => setTimeout(r, 300)); // the pcap session is live
  });
  after(async () => {
    await cap.role.close();
    await ks.drop();
  });

  test('mirrored SIP packets are stored with the inner addresses and ports', async () => {
    const t0 = BigInt(Date.now()) * 1000n;
    const flow = callFlow({ callId: `ipip-${Date.now()}@test`, from: '+4930999', to: '0211999', t0, caller: '192.0.2.10', callee: '198.51.100.20' });
    sendRawIpv4(flow.map((m) => {
      const inner = encodeIpv4Udp({ src: m.src, dst: m.dst, srcPort: m.srcPort, dstPort: m.dstPort, payload: Buffer.from(m.sip) });
      assert.ok(inner.ok);
      const outer = encodeIpip('127.0.0.1', '127.0.0.1', inner.value);
      assert.ok(outer.ok);
      return outer.value;
    }));
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) >= flow.length, 20_000, 'IPIP rows stored');
    assert.equal(await counter(cap.registry, 'siptrail_capture_received_total', { input: 'ipip' }), flow.length);
    const callId = flow[0]!.sip.match(/Call-ID: (\S+)/)![1]!;
    const rows = await new CassandraMessageReader(ks.client, 'LOCAL_ONE').getCall(dayOf(t0), callId);
    assert.deepEqual(rows.map((r) => r.method ?? r.status), ['INVITE', 100, 180, 200, 'ACK', 'BYE', 200]);
    assert.equal(rows[0]!.srcIp, '192.0.2.10');
    assert.equal(rows[0]!.dstIp, '198.51.100.20');
    assert.equal(rows[1]!.srcIp, '198.51.100.20');
    assert.equal(rows[0]!.transport, 'udp');
    // The capture time comes from libpcap, not from the SIP text.
    assert.ok(rows[0]!.ts >= t0 && rows[0]!.ts < t0 + 60_000_000n);
  });

  test('a SIP message split over two mirrored TCP segments is stored once, whole', async () => {
    const t0 = BigInt(Date.now()) * 1000n;
    const callId = `ipip-tcp-${Date.now()}@test`;
    const invite = Buffer.from(callFlow({ callId, from: '+4930888', to: '0211888', t0, caller: '192.0.2.11', callee: '198.51.100.21' })[0]!.sip);
    const cut = 100; // inside the header: neither segment is a message alone
    const seg = (seq: number, flags: number, payload: Buffer) => {
      const inner = encodeIpPacket('tcp', { src: '192.0.2.11', dst: '198.51.100.21', srcPort: 5061, dstPort: 5060, payload, seq, flags });
      assert.ok(inner.ok);
      const outer = encodeIpip('127.0.0.1', '127.0.0.1', inner.value);
      assert.ok(outer.ok);
      return outer.value;
    };
    const stored = await counter(cap.registry, 'siptrail_capture_stored_total');
    const rejected = await counter(cap.registry, 'siptrail_capture_rejected_total');
    sendRawIpv4([seg(7000, TcpFlag.SYN, Buffer.alloc(0)), seg(7001, TcpFlag.ACK, invite.subarray(0, cut)), seg(7001 + cut, TcpFlag.ACK | TcpFlag.PSH, invite.subarray(cut))]);
    await waitFor(async () => (await counter(cap.registry, 'siptrail_capture_stored_total')) >= stored + 1, 20_000, 'the TCP message stored');
    await new Promise((r) => setTimeout(r, 300)); // a second row, if one were coming, would be written by now
    const rows = await new CassandraMessageReader(ks.client, 'LOCAL_ONE').getCall(dayOf(t0), callId);
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.method, rows[0]!.transport, rows[0]!.srcIp, rows[0]!.srcPort, rows[0]!.dstIp, rows[0]!.dstPort], ['INVITE', 'tcp', '192.0.2.11', 5061, '198.51.100.21', 5060]);
    assert.ok(rows[0]!.payload.equals(invite), 'the stored payload is the whole message');
    assert.equal(await counter(cap.registry, 'siptrail_capture_rejected_total'), rejected, 'no segment was rejected');
  });
});
