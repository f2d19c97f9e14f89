// The agent role: libpcap on an interface -> SIP messages (frames/sip-frames) -> HEP (hep-out)
// -> capture nodes (target-set), with /health and /metrics on its own HTTP port.
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import type { Registry } from 'prom-client';
import { ConfigError } from '../config/load.js';
import { parseHostPort } from '../config/parse-value.js';
import type { AgentConfig } from '../config/types.js';
import { RateLimitedLog, type Logger } from '../log/logger.js';
import { openLiveCapture, type LiveCapture, type LiveFrame } from '../frames/live-pcap.js';
import { opsRouter } from '../http/ops-routes.js';
import { startHttp, type HttpHandle } from '../http/server.js';
import type { HepVersion } from '../hep/index.js';
import { AgentCounters } from './counters.js';
import { encodeHepOut, type HepOutOptions } from './hep-out.js';
import { SipFrameDecoder } from '../frames/sip-frames.js';
import { TargetSet } from './target-set.js';
import { TcpTarget, UdpTarget, type Target } from './target.js';

/** A running agent. */
export interface Agent {
  counters: AgentCounters;
  targets: TargetSet;
  http: HttpHandle;
  /** The filter libpcap runs (the configured one minus the agent's own HEP traffic). */
  filter: string;
  close(): Promise<void>;
}

/** How the agent opens a live capture; tests may hand in another source of frames. */
export type OpenCapture = (device: string, filter: string, onFrame: (f: LiveFrame) => void) => LiveCapture;

type HostPort = { host: string; port: number; name: string };

/** Checks the agent section for combinations HEP cannot carry; returns the parsed targets. */
export function agentTargets(a: AgentConfig): HostPort[] {
  if (a.targets.length === 0) throw new ConfigError('agent.targets: empty; allowed: host:port,... of capture nodes');
  if (a.hepVersion !== 3) {
    const v3only = a.transport === 'tcp' ? 'agent.transport=tcp' : a.authKey ? 'agent.authKey' : a.compress ? 'agent.compress' : '';
    if (v3only) throw new ConfigError(`agent.hepVersion: ${a.hepVersion} cannot carry ${v3only}; allowed: 3 (or leave ${v3only.split('=')[0]} unset)`);
    if (a.hepVersion === 2 && a.captureId > 0xffff) throw new ConfigError(`agent.captureId: ${a.captureId} does not fit HEP2's 16 bits; allowed: 0..65535`);
  }
  return a.targets.map((t) => {
    const hp = parseHostPort(t);
    if (!hp.ok) throw new ConfigError(`agent.targets: ${hp.detail}`);
    const port = hp.value.port ?? 9060;
    const name = isIP(hp.value.host) === 6 ? `[${hp.value.host}]:${port}` : `${hp.value.host}:${port}`;
    return { host: hp.value.host, port, name };
  });
}

/** The BPF filter with the agent's own HEP to IP-literal targets left out, so a broad filter cannot loop. */
export function captureFilter(filter: string, targets: HostPort[]): string {
  const own = targets.filter((t) => isIP(t.host) !== 0).map((t) => `not (host ${t.host} and port ${t.port})`);
  return own.length === 0 ? filter : `(${filter}) and ${own.join(' and ')}`;
}

/** Starts capturing on the configured interface and sending HEP; throws a one-line error when it cannot capture. */
export async function startAgent(a: AgentConfig, deps: { log: Logger; registry: Registry; openCapture?: OpenCapture }): Promise<Agent> {
  const { log } = deps;
  const hostPorts = agentTargets(a);
  const counters = new AgentCounters(deps.registry);
  const hepOpts: HepOutOptions = { version: a.hepVersion as HepVersion, captureId: a.captureId, nodeName: a.nodeName || hostname(), authKey: a.authKey, compress: a.compress };
  const topt = { probe: a.probe, probeIntervalMs: a.probeIntervalMs };
  const set = new TargetSet(
    (events) => hostPorts.map((t): Target => (a.transport === 'tcp' ? new TcpTarget(t.name, t.host, t.port, topt, events) : new UdpTarget(t.name, t.host, t.port, topt, events))),
    { bufferPackets: a.bufferPackets, resendMs: a.resendMs },
    counters,
    log,
  );
  const warn = new RateLimitedLog(log);
  const decoder = new SipFrameDecoder({ maxFlows: a.tcpMaxFlows, maxFlowBytes: a.tcpMaxFlowBytes, timeoutMs: a.tcpFlowTimeoutSec * 1000 }, (reason) => counters.skipped.inc({ reason }));
  const onFrame = (f: LiveFrame) => {
    counters.frames.inc();
    try {
      for (const p of decoder.frame(f.linkType, f.data, f.tsMicros)) {
        counters.messages.inc({ transport: p.ipProtocol === 6 ? 'tcp' : 'udp' });
        const hep = encodeHepOut(p, hepOpts);
        if (!hep.ok) {
          counters.dropped.inc({ reason: 'encode-error' });
          warn.warn('encode-error', `cannot encode a ${p.payload.length}-byte message of call ${p.callId} as HEP: ${hep.detail}`);
          continue;
        }
        set.send(p.callId, hep.value);
      }
    } catch (err) {
      // Decoders return errors as values; this keeps a bug in one from stopping the capture.
      counters.skipped.inc({ reason: 'internal' });
      warn.warn('internal', `frame not decoded: ${(err as Error).message}`);
    }
  };
  const filter = captureFilter(a.filter, hostPorts);
  // HTTP first: once libpcap has a handle it holds the event loop until one more packet
  // arrives, so the capture is opened last, when nothing after it can fail.
  let http: HttpHandle;
  try {
    const health = () => Promise.resolve(set.anyUp ? { ok: true as const } : { ok: false as const, reason: 'no capture node takes HEP' });
    http = await startHttp(a.httpListen, [opsRouter(health, deps.registry)], log).catch((err: unknown) => {
      throw new Error((err instanceof Error ? err.message : String(err)).replace(/^http\.listen/, 'agent.httpListen'), { cause: err });
    });
  } catch (err) {
    await set.close(0);
    throw err;
  }
  let capture: LiveCapture;
  try {
    quietPcapWarnings(log);
    capture = (deps.openCapture ?? openLiveCapture)(a.interface, filter, onFrame);
  } catch (err) {
    await http.close();
    await set.close(0);
    throw err;
  }
  const timer = setInterval(() => {
    decoder.expire(Date.now());
    counters.tcpFlows.set(decoder.streams.size);
    try {
      const s = capture.stats();
      counters.pcapReceived.set(s.received);
      counters.pcapDropped.set(s.dropped);
    } catch {
      // stats of a closing session: nothing to report
    }
  }, 1000);
  await Promise.all(set.targets.map((t) => t.settled(a.probeIntervalMs + 500)));
  const states = set.targets.map((t) => `${t.name} (${t.up ? 'up' : 'down'})`).join(', ');
  log.info(`agent capturing on ${a.interface} with filter "${filter}", sending HEP${a.hepVersion} over ${a.transport.toUpperCase()} to ${states}; /health and /metrics on ${a.httpListen}`);
  return {
    counters,
    targets: set,
    http,
    filter,
    close: async () => {
      clearInterval(timer);
      capture.close();
      await set.close(2000);
      await http.close();
      log.info('agent stopped');
    },
  };
}

// The pcap addon prints interface warnings with console.warn; send them to the log instead.
function quietPcapWarnings(log: Logger): void {
  try {
    const pcap = createRequire(import.meta.url)('pcap') as { warningHandler?: (m: string) => void };
    pcap.warningHandler = (m: string) => log.debug(`libpcap: ${m}`);
  } catch {
    // no addon: openLiveCapture says so
  }
}
