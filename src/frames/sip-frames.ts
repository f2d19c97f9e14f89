// Captured frames down to whole SIP messages with their endpoints, for the agent (live
// frames from libpcap) and for `siptrail import` (frames from a file):
//
//   link (Ethernet / VLAN / Linux SLL / SLL2 / raw / loopback) -> IPv4 | IPv6 -> fragments
//   reassembled -> UDP: one datagram, one message | TCP: SipTcpStreams per flow
//                  IP-in-IP (protocol 4): the inner IPv4 packet goes round once more
//
// Frames that yield nothing are reported through `onSkip` with a reason; nothing here
// logs, sends or throws.
import { decodeFrame, Ipv4Reassembler, LinkType, type DecodedFrame } from './index.js';
import { sipCallId } from './call-id.js';
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
}

/** SIP keep-alives (RFC 5626 CRLF ping/pong, some NATs' zero bytes). */
const KEEPALIVE = /^[\r\n\0 ]*$/;

/** A reason a frame or payload produced no SIP message. */
export type SkipReason = string;

/** Frame -> SIP messages, keeping the fragment and TCP stream state between frames. */
export class SipFrameDecoder {
  private readonly reassembler = new Ipv4Reassembler();
  readonly streams: SipTcpStreams;

  /**
   * `udpTap` sees every UDP datagram first and returns true when it took it (import hands HEP
   * datagrams to the capture ingest that way); the rest is read as SIP.
   */
  constructor(
    tcp: SipTcpStreamOptions,
    private readonly onSkip: (reason: SkipReason, detail: string) => void,
    private readonly udpTap?: (d: DecodedFrame, tsMicros: bigint) => boolean,
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
    return this.decoded(d.value, tsMicros, nowMs);
  }

  /** Takes a frame already decoded to its transport payload (the caller may have looked at it first). */
  decoded(d: DecodedFrame, tsMicros: bigint, nowMs: number, depth = 0): SipPacket[] {
    if (d.transport === 'udp') return this.udpTap?.(d, tsMicros) ? [] : this.message(d, 17, d.payload, tsMicros);
    if (d.transport === 'tcp') {
      const key = `${d.ip.src}|${d.srcPort}|${d.ip.dst}|${d.dstPort}`;
      const out: SipPacket[] = [];
      for (const m of this.streams.push(key, { seq: d.tcp?.seq ?? 0, flags: d.tcp?.flags ?? 0, payload: d.payload }, tsMicros, nowMs)) {
        out.push(...this.message(d, 6, m.payload, m.tsMicros));
      }
      return out;
    }
    if (d.ip.protocol === 4 && depth === 0) {
      // IP-in-IP mirroring: the outer packet is whole (reassembled); the inner is IPv4.
      if (((d.payload[0] ?? 0) >> 4) !== 4) {
        this.onSkip('ipip-inner-not-ipv4', `inner IP version nibble ${(d.payload[0] ?? 0) >> 4}`);
        return [];
      }
      const inner = decodeFrame(LinkType.RAW, d.payload, this.reassembler, nowMs);
      if (!inner.ok) {
        if (inner.reason !== 'fragment-pending') this.onSkip(`ipip-${inner.reason}`, inner.detail);
        return [];
      }
      return this.decoded(inner.value, tsMicros, nowMs, depth + 1);
    }
    this.onSkip('not-udp-tcp', `IP protocol ${d.ip.protocol}`);
    return [];
  }

  /** Forgets idle TCP flows and stale fragments. */
  expire(nowMs: number): void {
    this.streams.expire(nowMs);
    this.reassembler.expire(nowMs);
  }

  private message(d: DecodedFrame, ipProtocol: 6 | 17, payload: Buffer, tsMicros: bigint): SipPacket[] {
    if (payload.length <= 4 && KEEPALIVE.test(payload.toString('latin1'))) {
      this.onSkip('keepalive', `${payload.length}-byte keep-alive`);
      return [];
    }
    const callId = sipCallId(payload);
    if (!callId.ok) {
      this.onSkip(`sip-${callId.reason}`, callId.detail);
      return [];
    }
    return [{ tsMicros, family: d.ip.version, ipProtocol, srcIp: d.ip.src, srcPort: d.srcPort, dstIp: d.ip.dst, dstPort: d.dstPort, payload, callId: callId.value }];
  }
}
