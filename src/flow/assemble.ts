// Call-flow assembly: the small steps composed, from the partitions read for a call
// group to the JSON the API returns. Each step is its own file with its own test:
//   mergeLegs -> foldDuplicates (when unique) -> linkMessages -> hostColumns -> timeDeltas
import type { MessageRow } from '../store/types.js';
import { timeDeltas } from './deltas.js';
import { captureOf, foldDuplicates, type Capture } from './fold-duplicates.js';
import { hostColumns } from './hosts.js';
import { messageLabel } from './labels.js';
import { mergeLegs } from './merge-legs.js';
import { linkMessages } from './transactions.js';
import type { Alias } from '../store/directory.js';
import type { CallFlow, FlowMessage, SeenAt } from './types.js';

/** How to assemble: fold copies from several capture points or keep each; how to name messages. */
export interface AssembleOptions {
  unique: boolean;
  /** Folding window in µs (default 2 s). */
  windowMicros?: bigint;
  /** Opaque id of a message for the API; default: the row id in base64url. */
  messageId?: (row: MessageRow) => string;
}

/** The rows of one Call-ID, possibly read from several day partitions and concatenated. */
export interface CallLeg {
  callId: string;
  rows: readonly MessageRow[];
}

const seen = (c: Capture): SeenAt => ({ location: c.location, node: c.node, ts: c.ts.toString() });

/** Assembles a call group; `legs[0]` is the Call-ID asked for, the rest its correlated legs. */
export function assembleCallFlow(legs: readonly CallLeg[], aliases: readonly Alias[], opts: AssembleOptions): CallFlow {
  const first = legs[0];
  if (!first) return { callIds: [], hosts: [], messages: [] };
  const merged = mergeLegs(first.callId, legs.map((l) => l.rows), legs.map((l) => l.callId));
  const items = opts.unique
    ? foldDuplicates(merged.rows, opts.windowMicros === undefined ? {} : { windowMicros: opts.windowMicros })
    : merged.rows.map((m) => ({ ...m, seenAt: [captureOf(m.row)] }));
  const rows = items.map((i) => i.row);
  const links = linkMessages(rows);
  const { hosts, src, dst } = hostColumns(rows, aliases);
  const deltas = timeDeltas(rows.map((r) => r.ts));
  const idOf = opts.messageId ?? ((r: MessageRow) => r.id.toString('base64url'));
  const messages = items.map((item, i): FlowMessage => {
    const r = item.row;
    const link = links[i];
    const d = deltas[i];
    return {
      id: idOf(r),
      ts: r.ts.toString(),
      callId: r.callId,
      leg: item.leg,
      srcHost: src[i] ?? 0,
      dstHost: dst[i] ?? 0,
      label: messageLabel(r),
      isRequest: link?.isRequest ?? false,
      transaction: link?.transaction ?? null,
      dialog: link?.dialog ?? null,
      answers: link?.answers ?? null,
      deltaMicros: (d?.deltaMicros ?? 0n).toString(),
      sinceStartMicros: (d?.sinceStartMicros ?? 0n).toString(),
      seenAt: item.seenAt.map(seen),
      location: r.location,
      node: r.node,
      srcIp: r.srcIp,
      srcPort: r.srcPort,
      dstIp: r.dstIp,
      dstPort: r.dstPort,
      transport: r.transport,
      protoType: r.protoType,
      method: r.method,
      status: r.status,
      reasonPhrase: r.reasonPhrase,
      ruriUser: r.ruriUser,
      fromUser: r.fromUser,
      toUser: r.toUser,
      fromTag: r.fromTag,
      toTag: r.toTag,
      viaBranch: r.viaBranch,
      cseqNum: r.cseqNum,
      cseqMethod: r.cseqMethod,
      userAgent: r.userAgent,
      contentType: r.contentType,
      text: r.payload.toString('utf8'),
    };
  });
  return { callIds: merged.callIds, hosts, messages };
}
