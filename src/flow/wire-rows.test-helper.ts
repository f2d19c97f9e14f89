// Turns generated wire messages (test/support/call-flows.ts) into the rows a capture node
// would store, through the real SIP parser and row builder. Not a unit under test itself.
import { sipRow } from '../capture/row.js';
import { parseSip } from '../sip/index.js';
import type { MessageRow } from '../store/types.js';
import type { WireMessage } from '../../test/support/call-flows.js';

/** Where and how the messages were captured. */
export interface CaptureSpec {
  location?: string;
  node?: string;
  transport?: string;
  /** Added to every capture time (a second capture point sees the packet a little later). */
  offsetMicros?: bigint;
}

/** The stored rows of wire messages, as one capture point records them. */
export function wireRows(msgs: readonly WireMessage[], spec: CaptureSpec = {}): MessageRow[] {
  const location = spec.location ?? 'loc1';
  const node = spec.node ?? 'cap1';
  return msgs.map((m) => {
    const payload = Buffer.from(m.sip);
    const sip = parseSip(payload, { correlationHeaders: ['X-CID'], extraHeaders: [] });
    if (!sip.ok) throw new Error(`generated SIP does not parse: ${sip.detail}`);
    const packet = {
      tsMicros: m.tsMicros + (spec.offsetMicros ?? 0n), srcIp: m.src, srcPort: m.srcPort, dstIp: m.dst, dstPort: m.dstPort,
      transport: spec.transport ?? 'udp', protoType: 1, captureId: 2001, nodeName: null, correlationId: null, payload,
    };
    return sipRow(packet, sip.value, { location, node, b2bSuffix: null });
  });
}
