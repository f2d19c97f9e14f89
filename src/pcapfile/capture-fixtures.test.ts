// The public HEP sample captures (sipcapture/hep-wireshark; copied unchanged from the shared
// fixtures into test/fixtures/hep, so every clone has them),
// read with readCaptureFile + decodeFrame and, when tshark is installed, cross-checked with it.
// hep-wireshark-hep3.pcap:                classic pcap, µs, Ethernet, 8 HEP3 frames 127.0.0.1:51160 -> 127.0.0.1:9060
// hep-wireshark-hep3-compressed.pcapng:   pcapng, ns (if_tsresol 9), Linux SLL, 21 HEP3 frames to UDP 9060
//                                         (192.168.137.247:48982 -> 255.255.255.255 and 172.17.0.1:60536 -> 172.17.0.2)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeFrame } from '../frames/frame.js';
import { readCaptureFile } from './capture-reader.js';
import { tsharkFieldsOfPath, tsharkMissing } from './tshark.test-helper.js';

const DIR = fileURLToPath(new URL('../../test/fixtures/hep/', import.meta.url));

const cases = [
  { file: 'hep-wireshark-hep3.pcap', format: 'pcap', frames: 8, linkType: 1, first: 1_481_455_196_141_619n, last: 1_481_455_202_927_723n },
  { file: 'hep-wireshark-hep3-compressed.pcapng', format: 'pcapng', frames: 21, linkType: 113, first: 1_502_941_090_317_366n, last: 1_502_941_090_723_781n },
] as const;

for (const c of cases) {
  const path = `${DIR}/${c.file}`;

  test(`${c.file}: ${c.frames} ${c.format} frames, link type ${c.linkType}, all HEP3 over UDP to/from 9060`, () => {
    const r = readCaptureFile(readFileSync(path));
    assert.ok(r.ok, r.ok ? '' : r.detail);
    assert.equal(r.value.format, c.format);
    assert.equal(r.value.frames.length, c.frames);
    assert.equal(r.value.frames[0]?.tsMicros, c.first);
    assert.equal(r.value.frames.at(-1)?.tsMicros, c.last);
    for (const [i, f] of r.value.frames.entries()) {
      assert.equal(f.linkType, c.linkType);
      assert.equal(f.origLen, f.data.length);
      const d = decodeFrame(f.linkType, f.data);
      assert.ok(d.ok, `frame ${i + 1}: ${d.ok ? '' : d.detail}`);
      assert.equal(d.value.transport, 'udp', `frame ${i + 1}`);
      assert.ok(d.value.srcPort === 9060 || d.value.dstPort === 9060, `frame ${i + 1}: ports ${d.value.srcPort}->${d.value.dstPort}`);
      assert.equal(d.value.payload.subarray(0, 4).toString(), 'HEP3', `frame ${i + 1}`);
      assert.equal(d.value.payload.readUInt16BE(4), d.value.payload.length, `frame ${i + 1}: HEP3 length = UDP payload`);
    }
  });

  test(`${c.file}: every frame matches tshark (time, addresses, ports, UDP length)`, { skip: tsharkMissing }, () => {
    const r = readCaptureFile(readFileSync(path));
    assert.ok(r.ok);
    const rows = tsharkFieldsOfPath(path, ['-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'udp.length']);
    assert.equal(rows.length, r.value.frames.length);
    for (const [i, f] of r.value.frames.entries()) {
      const d = decodeFrame(f.linkType, f.data);
      assert.ok(d.ok);
      const [sec, frac] = (rows[i]?.[0] ?? '').split('.');
      const micros = BigInt(sec ?? '0') * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0').slice(0, 6));
      const mine = [String(f.tsMicros), d.value.ip.src, d.value.ip.dst, String(d.value.srcPort), String(d.value.dstPort), String(d.value.payload.length + 8)];
      assert.deepEqual(mine, [String(micros), ...(rows[i] ?? []).slice(1)], `frame ${i + 1}`);
    }
  });
}
