// A mixed set of stored rows for the export tests: SIP over UDP/IPv4, TCP, TLS and IPv6,
// a non-SIP HEP payload, and an oversized message. Not a unit under test itself.
import { callFlow, optionsPing, registration } from '../../../test/support/call-flows.js';
import { makeRow } from '../../../test/support/rows.js';
import { wireRows } from '../../flow/wire-rows.test-helper.js';
import type { MessageRow } from '../../store/types.js';

/** 2025-11-24 09:00:00.123456 UTC. */
export const T0 = 1_763_974_800_123_456n;

/** Rows of every kind the exports must handle, in no particular order. */
export function mixedRows(): MessageRow[] {
  const udp = wireRows(callFlow({ callId: 'udp@a', from: '0301111111', to: '0211234567', t0: T0, failWith: [486, 'Busy Here'] }));
  const tcp = wireRows(registration('tcp@a', 'alice', T0 + 1_000_000n), { transport: 'tcp' });
  const tls = wireRows(optionsPing('tls@a', T0 + 2_000_000n).map((m) => ({ ...m, srcPort: 5061, dstPort: 5061 })), { transport: 'tls' });
  const v6 = wireRows(optionsPing('v6@a', T0 + 3_000_000n, '2001:db8::3', '2001:db8::2'), { location: 'berlin' });
  const rtcp = makeRow({ callId: 'udp@a', ts: T0 + 4_000_001n, protoType: 5, transport: 'udp', method: null, status: null, srcPort: 40001, dstPort: 9060, payload: Buffer.from('{"type":200,"ssrc":1}') });
  return [...tls, ...udp.reverse(), rtcp, ...v6, ...tcp];
}
