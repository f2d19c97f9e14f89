// The capture role: HEP listeners (+ optional IP-in-IP receiver) -> ingest -> bounded
// write pipeline -> the store's MessageWriter, with the disk spool behind it. It is given
// the write side of the store (src/cli/ builds it) and never constructs a store itself.
import { hostname } from 'node:os';
import { errorText } from '../util/error-text.js';
import { resolve } from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import type { Config } from '../config/types.js';
import { RateLimitedLog, type Logger } from '../log/logger.js';
import type { LocationRegistry } from '../store/directory.js';
import type { MessageWriter } from '../store/types.js';
import { allowList } from '../config/networks.js';
import { CaptureCounters } from './counters.js';
import { listenStream, listenUdp, type Listener } from './hep-listeners.js';
import { UdpDropWatch } from './udp-kernel-drops.js';
import { Ingest, type IngestOptions } from './ingest.js';
import { startIpipReceiver } from './ipip-receiver.js';
import { WritePipeline } from './pipeline.js';
import { Spool } from './spool.js';

/** A running capture node. */
export interface CaptureRole {
  listeners: Listener[];
  pipeline: WritePipeline;
  counters: CaptureCounters;
  ingest: Ingest;
  close(): Promise<void>;
}

/** Batches in flight at once; each spreads its partitions over writeConcurrency/this requests. */
const IN_FLIGHT_BATCHES = 4;

/** What the capture role writes to: messages, and the location registry it announces itself in (the whole Stores fit). */
export interface CaptureStores {
  writer: MessageWriter;
  directory: LocationRegistry;
}

/** Write requests one batch may keep in flight: capture.writeConcurrency shared by the batches in flight. */
export function batchWriteConcurrency(cfg: Config): number {
  return Math.max(1, Math.ceil(cfg.capture.writeConcurrency / IN_FLIGHT_BATCHES));
}

/** The ingest settings the capture config implies. */
export function ingestOptions(cfg: Config): IngestOptions {
  const c = cfg.capture;
  return {
    location: c.location,
    node: c.nodeName || hostname(),
    b2bSuffix: c.b2bSuffix ? new RegExp(c.b2bSuffix) : null,
    authKey: c.authKey,
    maxMessageBytes: c.maxMessageBytes,
    sip: { correlationHeaders: c.correlationHeaders, extraHeaders: c.extraHeaders, maxBytes: c.maxMessageBytes },
  };
}

/** True for a listen host only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The first input that takes SIP from the network with nobody named (no allow-list, and
 * for HEP no auth key), or null. IP-in-IP cannot carry a key, so only an allow-list names
 * its senders.
 */
export function openIngest(c: Config['capture']): string | null {
  if (c.allowNetworks.length > 0) return null;
  if (c.ipipInterface) return `capture.ipipInterface ${c.ipipInterface}`;
  if (c.authKey) return null;
  const lists = [['capture.hepUdp', c.hepUdp], ['capture.hepTcp', c.hepTcp], ['capture.hepTls', c.hepTls]] as const;
  for (const [key, addrs] of lists) {
    for (const a of addrs) {
      const host = a.slice(0, a.lastIndexOf(':'));
      if (!isLoopback(host)) return `${key} ${a}`;
    }
  }
  return null;
}

/** Starts the capture role writing to `deps.stores` (the store's write side). */
export async function startCaptureRole(cfg: Config, deps: { stores: CaptureStores; log: Logger; registry: Registry }): Promise<CaptureRole> {
  const { log } = deps;
  const c = cfg.capture;
  const counters = new CaptureCounters(deps.registry);
  const writer = deps.stores.writer;
  const spool = new Spool({ dir: resolve(c.spoolDir), maxBytes: c.spoolMaxMb * 1024 * 1024, fsync: c.spoolFsync });
  const pipeline = new WritePipeline(writer, spool, { batchSize: c.batchSize, flushMs: c.flushMs, maxQueue: c.maxQueue, maxInFlightBatches: IN_FLIGHT_BATCHES }, counters, log);
  const ingest = new Ingest(ingestOptions(cfg), (row) => pipeline.push(row), counters, new RateLimitedLog(log));
  const allowed = allowList(c.allowNetworks);
  const open = openIngest(c);
  if (open) {
    if (!c.openIngest) {
      await pipeline.close();
      throw new Error(`${open} takes SIP from the network, but neither capture.allowNetworks nor capture.authKey is set: name the senders (capture.allowNetworks=10.0.0.0/8), or require a key (capture.authKey), or set capture.openIngest=true to take SIP from anyone on purpose`);
    }
    log.warn(`${open} takes SIP from anyone who can reach it (capture.openIngest=true, no capture.allowNetworks, no capture.authKey): anyone can store messages and fill the disk`);
  }
  const listeners: Listener[] = [];
  const closers: (() => unknown)[] = [];
  try {
    for (const a of c.hepUdp) listeners.push(await listenUdp(a, ingest, allowed, log));
    const limits = { maxPerAddress: c.tcpMaxPerAddress, idleMs: c.tcpIdleSec * 1000 };
    for (const a of c.hepTcp) listeners.push(await listenStream('tcp', a, ingest, allowed, log, undefined, limits));
    for (const a of c.hepTls) listeners.push(await listenStream('tls', a, ingest, allowed, log, { cert: c.tlsCert, key: c.tlsKey }, limits));
    if (c.ipipInterface) {
      // SIP over TCP is put back together within the agent section's TCP limits, as for import.
      const a = cfg.agent;
      const r = startIpipReceiver(c.ipipInterface, ingest, { maxFlows: a.tcpMaxFlows, maxFlowBytes: a.tcpMaxFlowBytes, timeoutMs: a.tcpFlowTimeoutSec * 1000 }, log, allowed);
      closers.push(() => r.close());
    }
  } catch (err) {
    for (const l of listeners) await l.close();
    await pipeline.close();
    throw err;
  }
  // Datagrams the kernel discarded never reach the counters above: count them from /proc
  // and say so, so that a loss before siptrail is never silent.
  const drops = new UdpDropWatch(listeners.filter((l) => l.kind === 'udp'));
  new Gauge({ name: 'siptrail_capture_udp_kernel_drops', help: 'HEP datagrams the kernel discarded on this node\'s UDP sockets since they opened (receive buffer full: the node fell behind), from /proc/net/udp', registers: [deps.registry], collect() { this.set(drops.total()); } });
  const dropCheck = setInterval(() => {
    const n = drops.check();
    if (n > 0) log.warn(`the kernel dropped ${n} HEP datagrams on this node's UDP sockets in the last 10 s (receive buffer full: the node fell behind); they were never received`);
  }, 10_000);
  dropCheck.unref();
  closers.push(() => clearInterval(dropCheck));
  const node = ingestOptions(cfg).node;
  // The search form lists locations; a failure here must not stop capture.
  await deps.stores.directory.registerLocation(c.location, node).catch((err: unknown) => log.warn(`could not register location "${c.location}": ${errorText(err).split('\n')[0] ?? ''}`));
  log.info(`capture node "${node}" at location "${c.location}" ready`);
  return {
    listeners,
    pipeline,
    counters,
    ingest,
    close: async () => {
      for (const l of listeners) await l.close();
      for (const close of closers) close();
      await pipeline.close();
      log.info('capture stopped; everything received was written or spooled');
    },
  };
}
