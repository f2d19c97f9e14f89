// Decode -> validate -> parse -> row, for every input of the capture node. Nothing here
// does I/O: a packet either becomes rows handed to `sink`, or a counted, rate-limited
// rejection with a reason. No input can throw out of here.
import { decodeHep, type HepPacket } from '../hep/index.js';
import { parseSip, splitSipMessages, type SipParseOptions } from '../sip/index.js';
import type { MessageRow } from '../store/types.js';
import type { RateLimitedLog } from '../log/logger.js';
import type { CaptureCounters } from './counters.js';
import { otherRow, sipRow, transportName, type CapturedPacket, type RowOptions } from './row.js';

/** Where finished rows go (the write pipeline). */
export type RowSink = (row: MessageRow) => void;

/** Settings of the ingest stage. */
export interface IngestOptions extends RowOptions {
  authKey: string;
  maxMessageBytes: number;
  sip: SipParseOptions;
}

/** HEP protocol type of SIP; 0 (chunk missing) is tried as SIP too. */
const SIP_TYPES = new Set([0, 1]);
/** Message-oriented transports: one SIP message per packet. */
const MESSAGE_TRANSPORTS = new Set(['udp', 'sctp']);

/** Turns received bytes into rows; one instance per capture node. */
export class Ingest {
  constructor(
    private opt: IngestOptions,
    private sink: RowSink,
    private counters: CaptureCounters,
    private warn: RateLimitedLog,
  ) {}

  /** Counts and logs one rejected packet. */
  reject(reason: string, detail: string, from?: string): void {
    this.counters.rejected.inc({ reason });
    this.warn.warn(reason, `rejected packet: ${reason}: ${detail}`, from ? { from } : {});
  }

  /** Counts a received packet of an input that is not HEP. */
  counted(input: string): void {
    this.counters.received.inc({ input });
  }

  /** One HEP message (a UDP datagram or a framed TCP/TLS message) from `from`. */
  hep(buf: Buffer, input: string, from: string, nowMicros: bigint): void {
    this.counters.received.inc({ input });
    try {
      const res = decodeHep(buf, { authKey: this.opt.authKey || undefined, maxPayloadBytes: this.opt.maxMessageBytes });
      if (!res.ok) {
        this.reject(`hep-${res.reason}`, res.detail, from);
        return;
      }
      this.packet(hepToCaptured(res.value, nowMicros), from);
    } catch (err) {
      // Decoders return errors as values; this guards the node against a bug in them.
      this.reject('internal', (err as Error).message, from);
    }
  }

  /** A captured packet whose payload is SIP or another HEP payload type. */
  packet(p: CapturedPacket, from: string): void {
    try {
      if (!SIP_TYPES.has(p.protoType)) {
        this.other(p, from);
        return;
      }
      // A UDP/SCTP payload is one message whose body, without Content-Length, runs to the
      // end of the packet (RFC 3261 18.3). Splitting it as a stream used to cut such a body
      // off the stored payload and count it as a rejected second message.
      const { messages, rest } = MESSAGE_TRANSPORTS.has(p.transport) ? { messages: [p.payload], rest: p.payload.subarray(0, 0) } : splitSipMessages(p.payload);
      const parts = rest.length > 0 ? [...messages, rest] : messages;
      if (parts.length === 0) {
        this.reject('sip-not-sip', 'payload holds no SIP message', from);
        return;
      }
      for (const part of parts) {
        const sip = parseSip(part, this.opt.sip);
        if (!sip.ok) {
          this.reject(`sip-${sip.reason}`, sip.detail, from);
          continue;
        }
        this.sink(sipRow(parts.length === 1 ? p : { ...p, payload: Buffer.from(part) }, sip.value, this.opt));
      }
    } catch (err) {
      this.reject('internal', (err as Error).message, from);
    }
  }

  private other(p: CapturedPacket, from: string): void {
    if (!p.correlationId) {
      this.reject('no-correlation', `HEP protocol type ${p.protoType} without a correlation id cannot be tied to a call`, from);
      return;
    }
    this.sink(otherRow(p, p.correlationId, this.opt));
  }
}

/** The capture-level view of a decoded HEP packet; the receive time stands in for a missing timestamp. */
export function hepToCaptured(h: HepPacket, nowMicros: bigint): CapturedPacket {
  const sec = h.tsSec ?? 0;
  const usec = h.tsUsec ?? 0;
  const ts = sec === 0 && usec === 0 ? nowMicros : BigInt(sec) * 1_000_000n + BigInt(usec);
  return {
    tsMicros: ts,
    srcIp: h.srcIp,
    srcPort: h.srcPort,
    dstIp: h.dstIp,
    dstPort: h.dstPort,
    transport: transportName(h.ipProtocol),
    protoType: h.protoType,
    captureId: h.captureId ?? null,
    nodeName: h.nodeName ?? null,
    correlationId: h.correlationId ?? null,
    payload: h.payload,
  };
}

const clockBase = BigInt(Date.now()) * 1000n - process.hrtime.bigint() / 1000n;

/** Now, in microseconds since the epoch (wall clock at start + a monotonic clock since). */
export function nowMicros(): bigint {
  return clockBase + process.hrtime.bigint() / 1000n;
}
