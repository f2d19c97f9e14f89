// Starts a real capture node (listeners on ephemeral loopback ports, the Cassandra
// stores) for integration tests, and sends HEP to it over real sockets.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { Registry } from 'prom-client';
import type { Config } from '../../src/config/types.js';
import { batchWriteConcurrency, startCaptureRole, type CaptureRole } from '../../src/capture/role.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import { encodeHep, type HepPacket } from '../../src/hep/index.js';
import { silentLogger } from '../../src/log/logger.js';

/** A capture node under test and the ports it listens on. */
export interface TestCapture {
  role: CaptureRole;
  registry: Registry;
  udpPort: number;
  tcpPort: number;
  cfg: Config;
}

/** Starts capture for `cfg` on 127.0.0.1 ephemeral ports with its own spool folder. */
export async function startTestCapture(cfg: Config, client: cassandra.Client, over: Partial<Config['capture']> = {}): Promise<TestCapture> {
  cfg.capture = { ...cfg.capture, hepUdp: ['127.0.0.1:0'], hepTcp: ['127.0.0.1:0'], spoolDir: mkdtempSync(join(tmpdir(), 'siptrail-spool-')), location: 'it', nodeName: 'cap-it', flushMs: 20, ...over };
  const registry = new Registry();
  const stores = cassandraStores(client, { ...cfg.cassandra, writeConcurrency: batchWriteConcurrency(cfg) });
  const role = await startCaptureRole(cfg, { stores, log: silentLogger(), registry });
  const udp = role.listeners.find((l) => l.kind === 'udp');
  const tcp = role.listeners.find((l) => l.kind === 'tcp');
  return { role, registry, udpPort: udp?.port ?? 0, tcpPort: tcp?.port ?? 0, cfg };
}

/** Encodes a HEP packet or fails the test. */
export function hepBytes(p: HepPacket, version: 1 | 2 | 3 = 3): Buffer {
  const r = encodeHep(p, version);
  if (!r.ok) throw new Error(`encodeHep: ${r.reason} ${r.detail}`);
  return r.value;
}

/** Sends datagrams over one UDP socket, pausing briefly every `burst` to stay within socket buffers. */
export async function sendUdp(port: number, datagrams: Buffer[], burst = 200): Promise<void> {
  const sock = createSocket('udp4');
  for (let i = 0; i < datagrams.length; i++) {
    await new Promise<void>((r, j) => sock.send(datagrams[i]!, port, '127.0.0.1', (e) => (e ? j(e) : r())));
    if (i % burst === burst - 1) await new Promise((r) => setTimeout(r, 5));
  }
  sock.close();
}

/** Writes bytes on one TCP connection, then closes it. */
export async function sendTcp(port: number, chunks: Buffer[]): Promise<void> {
  const sock = connect({ host: '127.0.0.1', port });
  await new Promise<void>((r, j) => { sock.once('connect', r); sock.once('error', j); });
  for (const c of chunks) if (!sock.write(c)) await new Promise((r) => sock.once('drain', r));
  await new Promise<void>((r) => sock.end(r));
}

/** Current value of a counter (sum over labels, or one label set). */
export async function counter(registry: Registry, name: string, labels?: Record<string, string>): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) return 0;
  const v = await m.get();
  return v.values.filter((x) => !labels || Object.entries(labels).every(([k, val]) => x.labels[k] === val)).reduce((a, x) => a + x.value, 0);
}

/** Polls `fn` until it returns true or `timeoutMs` passes. */
export async function waitFor(fn: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
