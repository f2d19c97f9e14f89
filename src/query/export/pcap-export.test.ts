import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../../test/support/rows.js';
import { compareRows } from '../../flow/merge-legs.js';
import { decodeFrame } from '../../frames/frame.js';
import { TcpFlag } from '../../frames/tcp.js';
import { readCaptureFile } from '../../pcapfile/capture-reader.js';
import { tsharkFields, tsharkMissing } from '../../pcapfile/tshark.test-helper.js';
import type { MessageRow } from '../../store/types.js';
import { mixedRows } from './export-rows.test-helper.js';
import { addressPair, exportPcap, MAX_PCAP_PAYLOAD } from './pcap-export.js';

function readBack(file: Buffer) {
  const r = readCaptureFile(file);
  if (!r.ok) throw new Error(r.detail);
  assert.equal(r.value.format, 'pcap');
  return r.value.frames.map((f) => {
    assert.equal(f.linkType, 1);
    const d = decodeFrame(f.linkType, f.data);
    if (!d.ok) throw new Error(d.detail);
    return { ts: f.tsMicros, ...d.value };
  });
}

test('exportPcap: every row read back with its exact time, addresses, ports, transport and payload, in capture order', () => {
  const rows = mixedRows();
  const sorted = [...rows].sort(compareRows);
  const frames = readBack(exportPcap(rows));
  assert.equal(frames.length, rows.length);
  frames.forEach((f, i) => {
    const r = sorted[i] as MessageRow;
    assert.equal(f.ts, r.ts);
    assert.deepEqual([f.ip.src, f.ip.dst, f.srcPort, f.dstPort], [r.srcIp, r.dstIp, r.srcPort, r.dstPort]);
    assert.equal(f.ip.version, r.srcIp.includes(':') ? 6 : 4);
    assert.equal(f.transport, r.protoType === 1 && (r.transport === 'tcp' || r.transport === 'tls') ? 'tcp' : 'udp');
    assert.ok(f.payload.equals(r.payload), `payload of frame ${i}`);
  });
});

test('exportPcap: TCP segments carry PSH|ACK and sequence numbers growing by payload length per direction', () => {
  const frames = readBack(exportPcap(mixedRows())).filter((f) => f.transport === 'tcp' && f.srcPort === 5060);
  const ua = frames.filter((f) => f.ip.src === '10.0.0.7');
  const registrar = frames.filter((f) => f.ip.src === '10.0.0.2');
  assert.deepEqual([ua.length, registrar.length], [2, 2]);
  for (const dir of [ua, registrar]) {
    const [a, b] = dir;
    assert.ok(a?.tcp && b?.tcp);
    assert.equal(b.tcp.seq, (a.tcp.seq + a.payload.length) >>> 0);
    assert.equal(a.tcp.flags, TcpFlag.PSH | TcpFlag.ACK);
  }
  // Each side acknowledges what the other has sent so far: the 401 acks the first REGISTER.
  const ack = (f: (typeof frames)[number] | undefined) => f?.ip.payload.readUInt32BE(8);
  const [reg1] = ua;
  assert.equal(ack(registrar[0]), ((reg1?.tcp?.seq ?? 0) + (reg1?.payload.length ?? 0)) >>> 0);
  assert.equal(ack(ua[1]), ((registrar[0]?.tcp?.seq ?? 0) + (registrar[0]?.payload.length ?? 0)) >>> 0);
});

test('exportPcap: the same rows always give the same bytes', () => {
  assert.ok(exportPcap(mixedRows()).equals(exportPcap(mixedRows().reverse())));
});

test('exportPcap: a payload too large for one IP packet is cut to MAX_PCAP_PAYLOAD bytes', () => {
  const big = makeRow({ payload: Buffer.alloc(65_536, 0x61) });
  const [f] = readBack(exportPcap([big]));
  assert.equal(f?.payload.length, MAX_PCAP_PAYLOAD);
  assert.ok(f.payload.equals(big.payload.subarray(0, MAX_PCAP_PAYLOAD)));
});

test('exportPcap: mixed address families become IPv6 with the IPv4 side mapped; junk addresses and ports still give a frame', () => {
  assert.deepEqual(addressPair('10.0.0.1', '2001:db8::1'), { src: '::ffff:10.0.0.1', dst: '2001:db8::1', version: 6 });
  assert.deepEqual(addressPair('unknown', '10.0.0.1'), { src: '0.0.0.0', dst: '10.0.0.1', version: 4 });
  assert.deepEqual(addressPair('2001:db8::1', ''), { src: '2001:db8::1', dst: '::', version: 6 });
  const [f] = readBack(exportPcap([makeRow({ srcIp: '10.0.0.1', dstIp: '2001:db8::9', srcPort: 70000 })]));
  assert.deepEqual([f?.ip.src, f?.ip.dst, f?.srcPort], ['::ffff:10.0.0.1', '2001:db8::9', 0]);
});

test('exportPcap: no rows is a valid empty capture', () => {
  assert.deepEqual(readBack(exportPcap([])), []);
});

test('tshark oracle: Wireshark decodes the exported SIP (requests, responses, TCP, TLS port, IPv6) with µs times', { skip: tsharkMissing }, () => {
  const rows = [...mixedRows()].sort(compareRows);
  const out = tsharkFields(exportPcap(rows), [
    '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
    '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'udp.srcport', '-e', 'tcp.srcport',
    '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID',
    '-e', 'ip.checksum.status', '-e', 'udp.checksum.status', '-e', 'tcp.checksum.status',
  ]);
  const expected = rows.map((r) => {
    const sec = r.ts / 1_000_000n;
    const usec = (r.ts % 1_000_000n).toString().padStart(6, '0');
    const v6 = r.srcIp.includes(':');
    const tcp = r.transport === 'tcp' || r.transport === 'tls';
    const sip = r.protoType === 1;
    return [
      `${sec}.${usec}000`, v6 ? '' : r.srcIp, v6 ? r.srcIp : '', tcp ? '' : String(r.srcPort), tcp ? String(r.srcPort) : '',
      sip ? (r.method ?? '') : '', sip ? String(r.status ?? '') : '', sip ? r.callId : '',
      v6 ? '' : '1', tcp ? '' : '1', tcp ? '1' : '',
    ];
  });
  assert.deepEqual(out, expected);
  // Every kind is in there: requests and responses over UDP, TCP, TLS and IPv6.
  const kinds = new Set(rows.map((r) => `${r.srcIp.includes(':') ? 'v6' : 'v4'}/${r.transport}/${r.method ? 'req' : r.status ? 'res' : 'other'}`));
  assert.deepEqual([...kinds].sort(), ['v4/tcp/req', 'v4/tcp/res', 'v4/tls/req', 'v4/tls/res', 'v4/udp/other', 'v4/udp/req', 'v4/udp/res', 'v6/udp/req', 'v6/udp/res']);
});
