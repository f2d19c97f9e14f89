// IP-in-IP input: mirrored packets (outer protocol 4 or 41) read with libpcap on
// capture.ipipInterface, through the frames stage (outer and inner fragments, IP-in-IP,
// SIP-over-TCP stream reassembly) to ingest as SIP with the inner endpoints.
import { SipFrameDecoder, type SipTcpStreamOptions } from '../frames/index.js';
import { openLiveCapture, type LiveFrame } from '../frames/live-pcap.js';
import type { Logger } from '../log/logger.js';
import type { Ingest } from './ingest.js';
import { capturedSip } from './row.js';

/** What libpcap lets through: IPv4 or IPv6 carrying IPv4 (protocol 4) or IPv6 (protocol 41). */
export const IPIP_FILTER = 'ip proto 4 or ip proto 41 or ip6 proto 4 or ip6 proto 41';

/** Takes captured frames to ingest; `expire` forgets idle TCP flows and stale fragments. */
export interface IpipFrameHandler {
  frame(f: LiveFrame): void;
  expire(nowMs: number): void;
  /** SIP-over-TCP flows followed now. */
  readonly tcpFlows: number;
}

/** The frame handler of the IP-in-IP input; tests feed it frames without a live device. */
export function ipipFrameHandler(ingest: Ingest, tcp: SipTcpStreamOptions, allowed: (address: string) => boolean = () => true): IpipFrameHandler {
  // A CRLF keep-alive is no fault; every other skip is a rejection named for this input.
  const onSkip = (reason: string, detail: string) => {
    if (reason !== 'keepalive') ingest.reject(reason.startsWith('sip-') || reason.startsWith('ipip-') ? reason : `ipip-${reason}`, detail);
  };
  const decoder = new SipFrameDecoder(tcp, onSkip, { ipipOnly: true });
  return {
    frame: (f) => {
      for (const p of decoder.frame(f.linkType, f.data, f.tsMicros)) {
        // The mirroring device is the sender: its (outer) address must be allowed, as for HEP.
        const from = p.outerSrc ?? p.srcIp;
        if (!allowed(from)) ingest.reject('not-allowed', `IP-in-IP sender ${from} is not in capture.allowNetworks`, from);
        else ingest.packet(capturedSip(p), from);
      }
    },
    expire: (nowMs) => decoder.expire(nowMs),
    get tcpFlows() {
      return decoder.streams.size;
    },
  };
}

/** Starts the libpcap IP-in-IP receiver on `device`. */
export function startIpipReceiver(device: string, ingest: Ingest, tcp: SipTcpStreamOptions, log: Logger, allowed: (address: string) => boolean = () => true): { close(): void } {
  const handler = ipipFrameHandler(ingest, tcp, allowed);
  const cap = openLiveCapture(device, IPIP_FILTER, (f) => {
    ingest.counted('ipip');
    handler.frame(f);
  });
  const timer = setInterval(() => handler.expire(Date.now()), 1000);
  timer.unref();
  log.info(`IP-in-IP capture on ${device} (filter "${IPIP_FILTER}")`);
  return {
    close: () => {
      clearInterval(timer);
      cap.close();
    },
  };
}
