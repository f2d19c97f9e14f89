// Live capture through libpcap (the `pcap` npm package, a native addon). Loaded on
// demand so that a machine without libpcap still runs every role that does not need it.
import { createRequire } from 'node:module';

/** One captured frame with its link type and capture time. */
export interface LiveFrame {
  linkType: number;
  tsMicros: bigint;
  data: Buffer;
}

/** A running live capture. */
export interface LiveCapture {
  close(): void;
  stats(): { received: number; dropped: number; ifDropped: number };
}

const LINK_TYPES: Record<string, number> = {
  LINKTYPE_NULL: 0,
  LINKTYPE_ETHERNET: 1,
  LINKTYPE_RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
};

interface PcapSessionLike {
  link_type: string;
  session: { dispatch(buf: Buffer, header: Buffer): number };
  buf: Buffer;
  header: Buffer;
  on(ev: 'packet', cb: (p: { buf: Buffer; header: Buffer }) => void): void;
  close(): void;
  stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number };
}

/** Opens `device` with a BPF `filter`; throws a one-line error for a missing addon, device or permission. */
export function openLiveCapture(device: string, filter: string, onFrame: (f: LiveFrame) => void): LiveCapture {
  let pcap: { createSession(d: string, o: object): PcapSessionLike };
  try {
    pcap = createRequire(import.meta.url)('pcap') as typeof pcap;
  } catch (err) {
    throw new Error(`libpcap capture unavailable: the optional "pcap" module did not load (${(err as Error).message.split('\n')[0] ?? ''}); install libpcap-dev and run "npm rebuild pcap"`, { cause: err });
  }
  let session: PcapSessionLike;
  try {
    session = pcap.createSession(device, { filter, buffer_size: 32 * 1024 * 1024, snap_length: 65_535, buffer_timeout: 10, promiscuous: false });
  } catch (err) {
    const msg = (err as Error).message;
    const hint = /permission|not permitted|EPERM/i.test(msg) ? ' (capturing needs root or the cap_net_raw capability)' : '';
    throw new Error(`cannot capture on interface "${device}" with filter "${filter}": ${msg}${hint}`, { cause: err });
  }
  const linkType = LINK_TYPES[session.link_type] ?? -1;
  session.on('packet', (p) => {
    // pcap reuses its buffers: copy the captured bytes before handing them on.
    const caplen = p.header.readUInt32LE(8);
    const tsMicros = BigInt(p.header.readUInt32LE(0)) * 1_000_000n + BigInt(p.header.readUInt32LE(4));
    onFrame({ linkType, tsMicros, data: Buffer.from(p.buf.subarray(0, caplen)) });
  });
  return {
    close: () => {
      session.close();
      // close() only asks libpcap to break its loop; the handle is freed, and the event
      // loop let go, on the next dispatch, which would otherwise wait for one more packet.
      // pcap_dispatch after pcap_breakloop returns at once, so run that dispatch now.
      try {
        session.session.dispatch(session.buf, session.header);
      } catch {
        // already closed
      }
    },
    stats: () => {
      const s = session.stats();
      return { received: s.ps_recv, dropped: s.ps_drop, ifDropped: s.ps_ifdrop };
    },
  };
}
