// IP-in-IP mirrored SIP captured live with libpcap on the loopback interface: raw IPv4
// packets with protocol 4 are sent through a real raw socket (python3, needs root) and
// the capture node stores the inner SIP with the inner endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { dayOf } from '../../src/store/types.js';
import { encodeIpip } from '../../src/frames/index.js';
import { encodeIpv4Udp } from '../../src/frames/index.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { callFlow } from '../support/call-flows.js';
import { counter, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';

const RAW_SEND = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for line in sys.stdin:
    s.sendto(bytes.fromhex(line.strip()), ('127.0.0.1', 0))
`;

const canCapture = process.getuid?.() === 0;

describe('IP-in-IP capture with libpcap on lo', { skip: canCapture ? false : 'needs root for libpcap and raw sockets' }, () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let cap: TestCapture;
  before(async () => {
    ks = await testKeyspace('ipip');
    cap = await startTestCapture(ks.cfg, ks.client, { ipipInterface: 'lo' });
    await new Promise((r) => setTimeout(r, 300)); // the pcap session is live
  });
  after(async () => {
    await cap.role.close();
    await ks.drop();
  });

  test('mirrored SIP packets are stored with the inner addresses and ports', async () => {
    const t0 = BigInt(Date.now()) * 1000n;
    const flow = callFlow({ callId: `ipip-${Date.now()}@test`, from: '+4930999', to: '0211999', t0, caller: '192.0.2.10', callee: '198.51.100.20' });
    const hex = flow.map((m) => {
      const inner = encodeIpv4Udp({ src: m.src, dst: m.dst, srcPort: m.srcPort, dstPort: m.dstPort, payload: Buffer.from(m.sip) });
      assert.ok(inner.ok);
      const outer = encodeIpip('127.0.0.1', '127.0.0.1', inner.value);
      assert.ok(outer.ok);
      return outer.value.toString('hex');
    });
    const send = spawnSync('python3', ['-c', RAW_SEND], { input: hex.join('\n') + '\n', encoding: 'utf8' });
    assert.equal(send.status, 0, send.stderr);
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
});
