// Captured frames down to whole SIP messages with their endpoints: the frames stage as the
// agent (live frames from libpcap), `siptrail import` (frames from a file) and the capture
// node's IP-in-IP input (live frames from libpcap) use it:
//
//   link (Ethernet / VLAN / Linux SLL / SLL2 / raw / loopback) -> IPv4 | IPv6 -> fragments
//   reassembled -> UDP: one datagram, one message | TCP: SipTcpStreams per flow
//                  IP-in-IP (protocol 4 | 41): decodeIpipInner, then UDP | TCP as above
//
// Frames that yield nothing are reported through `onSkip` with a reason; nothing here
// logs, sends or throws.
import { sipCallId } from './call-id.js';
import { decodeFrame, type DecodedFrame } from './frame.js';
import type { IpDatagram } from './ip.js';
import { decodeIpipInner, isIpip } from './ipip.js';
import { Ipv4Reassembler } from './reassembler.js';
import { SipTcpStreams, type SipTcpStreamOptions, type StreamLossReason } from './sip-tcp-streams.js';

/** One SIP message as captured: endpoints, capture time, bytes and Call-ID. */
export interface SipPacket {
  tsMicros: bigint;
  family: 4 | 6;
  /** 17 UDP, 6 TCP. */
  ipProtocol: 6 | 17;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  payload: Buffer;
  callId: string;
  /** IP-in-IP only: the outer source, i.e. the device that mirrored the packet. */
  outerSrc?: string;
}

/** A UDP datagram or TCP segment with its endpoints: a DecodedFrame, or the inner packet of an IP-in-IP one. */
export type TransportPacket = Pick<DecodedFrame, 'srcPort' | 'dstPort' | 'payload' | 'tcp'> & {
  ip: Pick<IpDatagram, 'version' | 'src' | 'dst'>;
  transport: 'udp' | 'tcp';
  outerSrc?: string;
};

/** Settings of a SipFrameDecoder besides the TCP limits. */
export interface SipFrameOptions {
  /** Sees every UDP datagram first and returns true when it took it (import hands HEP datagrams to the capture ingest that way); the rest is read as SIP. */
  udpTap?: (d: TransportPacket, tsMicros: bigint) => boolean;
  /** Only IP-in-IP packets carry SIP (the capture node's mirror input): anything else is skipped as 'ipip-not-ipip'. */
  ipipOnly?: boolean;
}

/** SIP keep-alives (RFC 5626 CRLF ping/pong, some NATs' zero bytes). */
const KEEPALIVE = /^[\r\n\0 ]*$/;

/** A reason a frame or payload produced no SIP message. */
export type SkipReason = string;

/** Frame -> SIP messages, keeping the fragment and TCP stream state between frames. */
export class SipFrameDecoder {
  private readonly reassembler = new Ipv4Reassembler();
  readonly streams: SipTcpStreams;

  constructor(
    tcp: SipTcpStreamOptions,
    private readonly onSkip: (reason: SkipReason, detail: string) => void,
    private readonly opt: SipFrameOptions = {},
  ) {
    this.streams = new SipTcpStreams(tcp, (reason: StreamLossReason, bytes: number) => onSkip(reason, `${bytes} stream bytes`));
  }

  /** Decodes one captured frame. */
  frame(linkType: number, data: Buffer, tsMicros: bigint): SipPacket[] {
    const nowMs = Number(tsMicros / 1000n);
    const d = decodeFrame(linkType, data, this.reassembler, nowMs);
    if (!d.ok) {
      if (d.reason !== 'fragment-pending') this.onSkip(d.reason, d.detail);
      return [];
    }
    const f = d.value;
    if (f.transport === 'other' && isIpip(f.ip)) {
      // The outer packet is whole (reassembled); inner fragments share the reassembler.
      const inner = decodeIpipInner(f.ip, this.reassembler, nowMs);
      if (!inner.ok) {
        this.onSkip(`ipip-${inner.reason}`, inner.detail);
        return [];
      }
      if (!inner.value) return [];
      const p = inner.value;
      const ip = { version: p.family, src: p.src, dst: p.dst };
      return this.transport({ ip, transport: p.transport, srcPort: p.srcPort, dstPort: p.dstPort, payload: p.payload, tcp: p.tcp, outerSrc: p.outerSrc }, tsMicros, nowMs);
    }
    if (this.opt.ipipOnly) {
      this.onSkip('ipip-not-ipip', `IPv${f.ip.version} protocol ${f.ip.protocol} from ${f.ip.src} is not IP-in-IP`);
      return [];
    }
    if (f.transport === 'other') {
      this.onSkip('not-udp-tcp', `IP protocol ${f.ip.protocol}`);
      return [];
    }
    return this.transport({ ...f, transport: f.transport }, tsMicros, nowMs);
  }

  /** Forgets idle TCP flows and stale fragments. */
  expire(nowMs: number): void {
    this.streams.expire(nowMs);
    this.reassembler.expire(nowMs);
  }

  private transport(t: TransportPacket, tsMicros: bigint, nowMs: number): SipPacket[] {
    if (t.transport === 'udp') return this.opt.udpTap?.(t, tsMicros) ? [] : this.message(t, 17, t.payload, tsMicros);
    const key = `${t.ip.src}|${t.srcPort}|${t.ip.dst}|${t.dstPort}`;
    const out: SipPacket[] = [];
    for (const m of this.streams.push(key, { seq: t.tcp?.seq ?? 0, flags: t.tcp?.flags ?? 0, payload: t.payload }, tsMicros, nowMs)) {
      out.push(...this.message(t, 6, m.payload, m.tsMicros));
    }
    return out;
  }

  private message(t: TransportPacket, ipProtocol: 6 | 17, payload: Buffer, tsMicros: bigint): SipPacket[] {
    if (payload.length <= 4 && KEEPALIVE.test(payload.toString('latin1'))) {
      this.onSkip('keepalive', `${payload.length}-byte keep-alive`);
      return [];
    }
    const callId = sipCallId(payload);
    if (!callId.ok) {
      this.onSkip(`sip-${callId.reason}`, callId.detail);
      return [];
    }
    const outer = t.outerSrc === undefined ? {} : { outerSrc: t.outerSrc };
    return [{ tsMicros, family: t.ip.version, ipProtocol, srcIp: t.ip.src, srcPort: t.srcPort, dstIp: t.ip.dst, dstPort: t.dstPort, payload, callId: callId.value, ...outer }];
  }
}
