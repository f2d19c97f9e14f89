// JSON views of stored rows for the API: a summary per search result and the full
// detail of one message, in the wire types the web UI reads (api/wire-types.ts).
// JSON-safe: microseconds as decimal strings, payload as text.
import type { MessageRow } from '../store/types.js';
import type { MessageDetail, MessageSummary } from './api/wire-types.js';
import { messageId } from './message-id.js';

/** One search result row. */
export function toSummary(r: MessageRow): MessageSummary {
  return {
    id: messageId(r), ts: r.ts.toString(), callId: r.callId, location: r.location, node: r.node,
    srcIp: r.srcIp, srcPort: r.srcPort, dstIp: r.dstIp, dstPort: r.dstPort, transport: r.transport, protoType: r.protoType,
    method: r.method, status: r.status, reasonPhrase: r.reasonPhrase, ruriUser: r.ruriUser, fromUser: r.fromUser, toUser: r.toUser,
    fromTag: r.fromTag, toTag: r.toTag, cseqNum: r.cseqNum, cseqMethod: r.cseqMethod, userAgent: r.userAgent, contentType: r.contentType,
  };
}

/** Every field of one message, the raw text included (UTF-8, invalid bytes as U+FFFD). */
export function toDetail(r: MessageRow): MessageDetail {
  return {
    ...toSummary(r),
    captureId: r.captureId, ruri: r.ruri, ruriDomain: r.ruriDomain, fromDomain: r.fromDomain, toDomain: r.toDomain, pidUser: r.pidUser,
    contactUser: r.contactUser, contactIp: r.contactIp, contactPort: r.contactPort, authUser: r.authUser, via: r.via, viaBranch: r.viaBranch,
    diversion: r.diversion, reason: r.reason, maxForwards: r.maxForwards, corr: r.corr, extra: r.extra,
    dedupe: r.dedupe.toString('hex'), payload: r.payload.toString('utf8'),
  };
}
