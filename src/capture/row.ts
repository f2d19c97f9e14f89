// Turns a captured packet (addresses, time, payload) and its parsed SIP into a
// MessageRow, with its deterministic id and its de-duplication key.
import { createHash } from 'node:crypto';
import type { Endpoints } from '../store/message-fields.js';
import type { MessageRow } from '../store/types.js';
import type { SipPacket } from '../frames/index.js';
import type { SipMessage } from '../sip/index.js';
import { canonicalIpText } from '../util/ip-text.js';

/** What a capture input knows about one packet before its payload is parsed. */
export interface CapturedPacket extends Endpoints {
  tsMicros: bigint;
  protoType: number;
  captureId: number | null;
  nodeName: string | null;
  correlationId: string | null;
  payload: Buffer;
}

/** The captured packet of a SIP message the frames stage found (IP-in-IP input, import). */
export function capturedSip(p: SipPacket): CapturedPacket {
  const transport = p.ipProtocol === 6 ? 'tcp' : 'udp';
  return { tsMicros: p.tsMicros, srcIp: p.srcIp, srcPort: p.srcPort, dstIp: p.dstIp, dstPort: p.dstPort, transport, protoType: 1, captureId: null, nodeName: null, correlationId: null, payload: p.payload };
}

/** Settings of row building, from the capture config. */
export interface RowOptions {
  location: string;
  node: string;
  /** Compiled capture.b2bSuffix, or null. */
  b2bSuffix: RegExp | null;
}

/** Transport name of an IP protocol number as HEP carries it (22 = Kamailio's TLS marker). */
export function transportName(ipProtocol: number): string {
  switch (ipProtocol) {
    case 17: return 'udp';
    case 6: return 'tcp';
    case 22: return 'tls';
    case 132: return 'sctp';
    default: return `ip${ipProtocol}`;
  }
}

const s = (v: string) => (v === '' ? null : v);
const n = (v: string) => (v === '' || !/^\d{1,5}$/.test(v) ? null : Number(v));

/** FNV-1a of a string, for the location part of a row id. */
function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * De-duplication key (md5 of endpoints + payload: equal for copies of one message seen
 * at several capture points) and row id. The id only has to tell apart packets of one
 * call at the same microsecond (ts is in the primary key too): 12 bytes of the
 * de-duplication key plus a hash of the location, so copies at two locations stay two
 * rows, and the same packet written twice is one row. One hash per packet, not two.
 */
function hashes(p: CapturedPacket, location: string): { id: Buffer; dedupe: Buffer } {
  const dedupe = createHash('md5').update(`${p.srcIp}|${p.srcPort}|${p.dstIp}|${p.dstPort}|`).update(p.payload).digest();
  const id = Buffer.allocUnsafe(16);
  dedupe.copy(id, 0, 0, 12);
  id.writeUInt32BE(fnv32(location), 12);
  return { id, dedupe };
}

/** Correlation values of a message: configured headers, icid, Session-ID, HEP chunk, Call-ID without B2B suffix. */
function correlation(p: CapturedPacket, sip: SipMessage | null, callId: string, b2b: RegExp | null): string[] {
  const out = new Set<string>();
  if (sip) {
    for (const v of Object.values(sip.correlation)) if (v) out.add(v);
    if (sip.icid) out.add(`icid:${sip.icid}`);
    if (sip.sessionId && !/^0+$/.test(sip.sessionId)) out.add(`sid:${sip.sessionId}`);
  }
  if (p.correlationId && p.correlationId !== callId) out.add(p.correlationId);
  if (b2b) {
    const base = callId.replace(b2b, '');
    if (base !== callId && base !== '') out.add(base);
  }
  out.delete(callId);
  return [...out];
}

/**
 * The packet with its addresses in the one stored text (util/ip-text.ts), before anything is
 * hashed: every input passes here, so a search in that text finds rows from all of them.
 */
function withCanonicalAddresses(p: CapturedPacket): CapturedPacket {
  const srcIp = canonicalIpText(p.srcIp) ?? p.srcIp;
  const dstIp = canonicalIpText(p.dstIp) ?? p.dstIp;
  return srcIp === p.srcIp && dstIp === p.dstIp ? p : { ...p, srcIp, dstIp };
}

/** The row of a SIP message. */
export function sipRow(captured: CapturedPacket, sip: SipMessage, opt: RowOptions): MessageRow {
  const p = withCanonicalAddresses(captured);
  const { id, dedupe } = hashes(p, opt.location);
  return {
    ts: p.tsMicros, id, callId: sip.callId, location: opt.location, node: p.nodeName ?? opt.node, captureId: p.captureId,
    srcIp: p.srcIp, srcPort: p.srcPort, dstIp: p.dstIp, dstPort: p.dstPort, transport: p.transport, protoType: p.protoType,
    method: sip.isRequest ? sip.method : null, status: sip.isRequest ? null : sip.statusCode, reasonPhrase: sip.isRequest ? null : s(sip.reasonPhrase),
    ruri: s(sip.requestUri), ruriUser: s(sip.ruriUser), ruriDomain: s(sip.ruriHost),
    fromUser: s(sip.fromUser), fromDomain: s(sip.fromHost), fromTag: s(sip.fromTag),
    toUser: s(sip.toUser), toDomain: s(sip.toHost), toTag: s(sip.toTag), pidUser: s(sip.pidUser),
    contactUser: s(sip.contactUser), contactIp: s(canonicalIpText(sip.contactIp) ?? sip.contactIp), contactPort: n(sip.contactPort), authUser: s(sip.authUser),
    via: s(sip.via), viaBranch: s(sip.viaBranch), cseqNum: sip.cseqNum ?? null, cseqMethod: s(sip.cseqMethod),
    userAgent: s(sip.userAgent), diversion: s(sip.diversion), reason: s(sip.reason), contentType: s(sip.contentType),
    maxForwards: sip.maxForwards ?? null, corr: correlation(p, sip, sip.callId, opt.b2bSuffix), extra: sip.extra, dedupe, payload: p.payload,
  };
}

/** The row of a non-SIP HEP payload (RTCP/QoS JSON, logs): stored under its correlation id. */
export function otherRow(captured: CapturedPacket, callId: string, opt: RowOptions): MessageRow {
  const p = withCanonicalAddresses(captured);
  const { id, dedupe } = hashes(p, opt.location);
  const empty = { method: null, status: null, reasonPhrase: null, ruri: null, ruriUser: null, ruriDomain: null, fromUser: null, fromDomain: null, fromTag: null, toUser: null, toDomain: null, toTag: null, pidUser: null, contactUser: null, contactIp: null, contactPort: null, authUser: null, via: null, viaBranch: null, cseqNum: null, cseqMethod: null, userAgent: null, diversion: null, reason: null, contentType: null, maxForwards: null };
  return {
    ts: p.tsMicros, id, callId, location: opt.location, node: p.nodeName ?? opt.node, captureId: p.captureId,
    srcIp: p.srcIp, srcPort: p.srcPort, dstIp: p.dstIp, dstPort: p.dstPort, transport: p.transport, protoType: p.protoType,
    ...empty, corr: [], extra: {}, dedupe, payload: p.payload,
  };
}
