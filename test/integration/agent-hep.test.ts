// The agent's HEP on the wire: `siptrail agent` captures sipp calls on lo and sends them to
// a plain UDP socket of this test. Every datagram is checked by the project's decoder
// (fields and payload against sipp's own trace) and, for HEP3, by an independent decoder,
// hep-js (GPL, a dev dependency only). HEP3 compressed and HEP2 are checked as well.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHep } from '../../src/hep/index.js';
import { freeTcpUdpPort, startAgentProcess } from '../support/agent-process.js';
import { waitFor } from '../support/capture-node.js';
import { runSipp, sippMissing, type SippMessage } from '../support/sipp.js';

const hepJs = createRequire(import.meta.url)('hep-js') as { decapsulate(b: Buffer): { rcinfo: Record<string, unknown>; payload: string } | false };
const skip = (process.getuid?.() === 0 ? false : 'needs root for libpcap on lo') || sippMissing;
const CALLS = 3;

describe('agent HEP output, byte-checked', { skip }, () => {
  let udp: Socket;
  let probe: Server;
  let port: number;
  let got: Buffer[] = [];

  before(async () => {
    port = await freeTcpUdpPort();
    udp = createSocket('udp4');
    udp.on('message', (m) => got.push(m));
    await new Promise<void>((r) => udp.bind(port, '127.0.0.1', r));
    // The agent's UDP health probe connects here; a capture node listens for HEP over TCP on the same port.
    probe = createServer((s) => s.destroy());
    await new Promise<void>((r) => probe.listen(port, '127.0.0.1', r));
  });
  after(async () => {
    udp.close();
    await new Promise((r) => probe.close(r));
  });

  async function capture(flags: string[], ports: [number, number]): Promise<{ sent: [SippMessage, number, number][]; hep: Buffer[] }> {
    got = [];
    const agent = await startAgentProcess(['--agent.interface=lo', `--agent.filter=udp port ${ports[0]} or udp port ${ports[1]}`, `--agent.targets=127.0.0.1:${port}`, '--agent.node-name=hep-check', '--agent.capture-id=4242', ...flags]);
    try {
      const run = await runSipp({ dir: mkdtempSync(join(tmpdir(), 'sipp-')), uasPort: ports[0], uacPort: ports[1], calls: CALLS, rate: 10 });
      assert.equal(run.successfulCalls, CALLS);
      const sent: [SippMessage, number, number][] = [...run.uacSent.map((m): [SippMessage, number, number] => [m, ports[1], ports[0]]), ...run.uasSent.map((m): [SippMessage, number, number] => [m, ports[0], ports[1]])];
      await waitFor(() => got.length >= sent.length, 10_000, 'HEP datagrams');
      await new Promise((r) => setTimeout(r, 300));
      return { sent, hep: got };
    } finally {
      assert.equal(await agent.stop(), 0);
    }
  }

  test('HEP3 with auth key: decodeHep and hep-js agree with each other and with what sipp sent', async () => {
    const { sent, hep } = await capture(['--agent.auth-key=s3cret'], [5190, 5191]);
    assert.equal(hep.length, sent.length, 'one datagram per SIP message');
    for (const bytes of hep) {
      const d = decodeHep(bytes, { authKey: 's3cret' });
      assert.ok(d.ok, d.ok ? '' : d.detail);
      const h = d.value;
      assert.equal(bytes.readUInt16BE(4), bytes.length, 'HEP3 total length = datagram length');
      assert.deepEqual(h.flags, []);
      const match = sent.filter(([m]) => m.text === h.payload.toString('latin1'));
      assert.equal(match.length, 1, 'the payload is one message sipp sent, byte for byte');
      const [m, from, to] = match[0]!;
      assert.deepEqual([h.version, h.family, h.ipProtocol, h.srcIp, h.srcPort, h.dstIp, h.dstPort, h.protoType, h.captureId, h.nodeName, h.authKey, h.compressed], [3, 4, 17, '127.0.0.1', from, '127.0.0.1', to, 1, 4242, 'hep-check', 's3cret', false]);
      const ts = BigInt(h.tsSec!) * 1_000_000n + BigInt(h.tsUsec!);
      assert.ok(ts - m.tsMicros > -100_000n && ts - m.tsMicros < 100_000n, `capture time within 100 ms of sipp's (${ts - m.tsMicros} µs)`);
      const j = hepJs.decapsulate(bytes);
      assert.ok(j, 'hep-js decodes the datagram');
      assert.deepEqual(j.rcinfo, { protocolFamily: 2, protocol: 17, srcIp: h.srcIp, dstIp: h.dstIp, srcPort: h.srcPort, dstPort: h.dstPort, timeSeconds: h.tsSec, timeUseconds: h.tsUsec, payloadType: 1, captureId: 4242, capturePass: 's3cret', hepNodeName: 'hep-check' });
      assert.equal(j.payload, m.text);
    }
  });

  test('HEP3 with zlib-compressed payloads and HEP2: the project decoder gets every message back', async () => {
    for (const [flags, ports, version] of [[['--agent.compress=true'], [5192, 5193], 3], [['--agent.hep-version=2'], [5194, 5195], 2]] as const) {
      const { sent, hep } = await capture([...flags], [...ports]);
      assert.equal(hep.length, sent.length);
      const texts = new Set(sent.map(([m]) => m.text));
      for (const bytes of hep) {
        const d = decodeHep(bytes);
        assert.ok(d.ok);
        assert.equal(d.value.version, version);
        assert.equal(d.value.compressed, version === 3);
        assert.equal(d.value.captureId, 4242);
        assert.ok(texts.has(d.value.payload.toString('latin1')));
      }
    }
  });
});
