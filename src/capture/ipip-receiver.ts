// IP-in-IP input: mirrored IPv4 packets (protocol 4) read with libpcap on
// capture.ipipInterface; the inner UDP (or TCP) payload goes to ingest as SIP.
import { decodeLink, Ipv4Reassembler } from '../frames/index.js';
import { decodeIpip } from '../frames/index.js';
import type { Logger } from '../log/logger.js';
import type { Ingest } from './ingest.js';
import { openLiveCapture, type LiveFrame } from '../frames/live-pcap.js';

/** Handles one captured frame; exported so that tests and `import` feed frames without a live device. */
export function ipipFrameHandler(ingest: Ingest, reassembler = new Ipv4Reassembler()): (f: LiveFrame) => void {
  return (f) => {
    const link = decodeLink(f.linkType, f.data);
    if (!link.ok) return ingest.reject(`ipip-${link.reason}`, link.detail);
    const res = decodeIpip(link.value.ipBuf, reassembler, Date.now());
    if (!res.ok) return ingest.reject(`ipip-${res.reason}`, res.detail);
    if (res.value === null) return; // waiting for more fragments
    const p = res.value;
    ingest.packet(
      { tsMicros: f.tsMicros, srcIp: p.src, srcPort: p.srcPort, dstIp: p.dst, dstPort: p.dstPort, transport: p.transport, protoType: 1, captureId: null, nodeName: null, correlationId: null, payload: p.payload },
      p.outerSrc,
    );
  };
}

/** Starts the libpcap IP-in-IP receiver on `device`. */
export function startIpipReceiver(device: string, ingest: Ingest, log: Logger): { close(): void } {
  const handle = ipipFrameHandler(ingest);
  const cap = openLiveCapture(device, 'ip proto 4', (f) => {
    ingest.counted('ipip');
    handle(f);
  });
  log.info(`IP-in-IP capture on ${device} (filter "ip proto 4")`);
  return cap;
}
