// The capture role over the memory stores: it writes what its listeners receive through the
// MessageWriter it is given, announces its location in the LocationRegistry, and keeps
// capturing when that announcement fails.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { callFlow, toHep } from '../../test/support/call-flows.js';
import { defaultConfig } from '../config/fields.js';
import type { Config } from '../config/types.js';
import { encodeHep } from '../hep/index.js';
import { silentLogger } from '../log/logger.js';
import { memoryStores, type MemoryStores } from '../store/memory/stores.js';
import { batchWriteConcurrency, startCaptureRole, type CaptureRole } from './role.js';

/** 2025-11-24T09:00:00Z in µs. */
const T0 = 1_763_974_800_000_000n;

function captureConfig(): Config {
  const cfg = defaultConfig();
  cfg.capture = { ...cfg.capture, hepUdp: ['127.0.0.1:0'], hepTcp: [], hepTls: [], spoolDir: mkdtempSync(join(tmpdir(), 'siptrail-role-')), location: 'lab', nodeName: 'cap-7', flushMs: 5 };
  return cfg;
}

/** Sends the call's messages as HEP3 datagrams to the role's UDP listener; resolves once the store holds them. */
async function sendAndWait(role: CaptureRole, stores: MemoryStores, callId: string): Promise<void> {
  const port = role.listeners.find((l) => l.kind === 'udp')?.port ?? 0;
  assert.ok(port > 0, 'a UDP listener');
  const sock = createSocket('udp4');
  const call = callFlow({ callId, from: '+4930111', to: '0211234567', t0: T0 });
  for (const m of call) {
    const hep = encodeHep(toHep(m), 3);
    assert.ok(hep.ok);
    await new Promise<void>((resolve, reject) => sock.send(hep.value, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }
  sock.close();
  for (let i = 0; i < 300 && stores.messages.count() < call.length; i++) await new Promise((r) => setTimeout(r, 10));
}

test('HEP received over UDP is written through the given writer; the location is registered', async () => {
  const stores = memoryStores();
  const role = await startCaptureRole(captureConfig(), { stores, log: silentLogger(), registry: new Registry() });
  try {
    await sendAndWait(role, stores, 'role@x');
    const rows = await stores.reader.getCall('2025-11-24', 'role@x');
    assert.deepEqual(rows.map((r) => r.method ?? r.status), ['INVITE', 100, 180, 200, 'ACK', 'BYE', 200]);
    assert.ok(rows.every((r) => r.location === 'lab' && r.node === 'cap-7'));
    assert.deepEqual(await stores.directory.locations(), ['lab']);
  } finally {
    await role.close();
  }
});

test('a location registry that fails does not stop capture', async () => {
  const stores = memoryStores();
  const directory = { registerLocation: () => Promise.reject(new Error('no quorum')), locations: () => Promise.resolve([]) };
  const role = await startCaptureRole(captureConfig(), { stores: { writer: stores.writer, directory }, log: silentLogger(), registry: new Registry() });
  try {
    await sendAndWait(role, stores, 'unregistered@x');
    assert.equal((await stores.reader.getCall('2025-11-24', 'unregistered@x')).length, 7);
  } finally {
    await role.close();
  }
});

test('batchWriteConcurrency shares capture.writeConcurrency among the batches in flight, at least one each', () => {
  const cfg = defaultConfig();
  assert.equal(batchWriteConcurrency({ ...cfg, capture: { ...cfg.capture, writeConcurrency: 64 } }), 16);
  assert.equal(batchWriteConcurrency({ ...cfg, capture: { ...cfg.capture, writeConcurrency: 10 } }), 3);
  assert.equal(batchWriteConcurrency({ ...cfg, capture: { ...cfg.capture, writeConcurrency: 1 } }), 1);
});

test('/metrics reports the kernel drops of the HEP UDP socket (0 when nothing overflowed)', { skip: process.platform === 'linux' ? false : 'reads /proc/net/udp' }, async () => {
  const stores = memoryStores();
  const registry = new Registry();
  const role = await startCaptureRole(captureConfig(), { stores, log: silentLogger(), registry });
  try {
    await sendAndWait(role, stores, 'drops@x');
    const text = await registry.getSingleMetricAsString('siptrail_capture_udp_kernel_drops');
    assert.match(text, /^siptrail_capture_udp_kernel_drops 0$/m);
  } finally {
    await role.close();
  }
});

test('HEP over TCP: one sender holds at most capture.tcpMaxPerAddress connections; an idle one is closed', async () => {
  const { connect } = await import('node:net');
  const cfg = captureConfig();
  cfg.capture = { ...cfg.capture, hepTcp: ['127.0.0.1:0'], tcpMaxPerAddress: 3, tcpIdleSec: 5 };
  const registry = new Registry();
  const role = await startCaptureRole(cfg, { stores: memoryStores(), log: silentLogger(), registry });
  const port = role.listeners.find((l) => l.kind === 'tcp')?.port ?? 0;
  const open = () => new Promise<import('node:net').Socket>((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
  const closed = (s: import('node:net').Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));
  try {
    const held = [await open(), await open(), await open()];
    const fourth = await open();
    await closed(fourth);
    const rejected = (await registry.getSingleMetric('siptrail_capture_rejected_total')?.get())?.values.find((v) => v.labels.reason === 'too-many-connections');
    assert.equal(rejected?.value, 1);
    assert.ok(held.every((s) => !s.destroyed), 'the first three stay');
    held[0]?.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const again = await open();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(again.destroyed, false, 'a freed place is taken again');
    // Nothing sent for tcpIdleSec (5 s): the node closes the connection.
    const started = Date.now();
    await closed(again);
    assert.ok(Date.now() - started >= 4_000, 'not before the idle time');
    for (const s of held) s.destroy();
  } finally {
    await role.close();
  }
});

test('a listener other hosts reach needs capture.allowNetworks or capture.authKey, or openIngest on purpose (then a warning)', async () => {
  const { openIngest } = await import('./role.js');
  const c = (over: Partial<Config['capture']>) => ({ ...defaultConfig().capture, ...over });
  assert.equal(openIngest(c({})), null, 'the defaults listen on 127.0.0.1 only');
  assert.equal(openIngest(c({ hepUdp: ['[::1]:9060'], hepTcp: ['localhost:9060'] })), null);
  assert.equal(openIngest(c({ hepUdp: ['0.0.0.0:9060'] })), 'capture.hepUdp 0.0.0.0:9060');
  assert.equal(openIngest(c({ hepTcp: ['10.1.2.3:9060'] })), 'capture.hepTcp 10.1.2.3:9060');
  assert.equal(openIngest(c({ hepUdp: ['0.0.0.0:9060'], allowNetworks: ['10.0.0.0/8'] })), null);
  assert.equal(openIngest(c({ hepUdp: ['0.0.0.0:9060'], authKey: 'k' })), null);
  assert.equal(openIngest(c({ ipipInterface: 'eth1', authKey: 'k' })), 'capture.ipipInterface eth1', 'IP-in-IP carries no key');

  const cfg = captureConfig();
  cfg.capture = { ...cfg.capture, hepUdp: ['0.0.0.0:0'] };
  await assert.rejects(startCaptureRole(cfg, { stores: memoryStores(), log: silentLogger(), registry: new Registry() }), /capture\.hepUdp 0\.0\.0\.0:0 takes SIP from the network, but neither capture\.allowNetworks nor capture\.authKey is set/);
  const warnings: string[] = [];
  const log = Object.assign(Object.create(silentLogger()) as ReturnType<typeof silentLogger>, { warn: (m: string) => warnings.push(m) });
  cfg.capture = { ...cfg.capture, openIngest: true };
  const role = await startCaptureRole(cfg, { stores: memoryStores(), log, registry: new Registry() });
  await role.close();
  assert.ok(warnings.some((w) => w.startsWith('capture.hepUdp 0.0.0.0:0 takes SIP from anyone')), warnings.join('\n'));
});
