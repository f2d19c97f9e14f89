// The text on each arrow: what a SIP engineer reads first. Non-SIP HEP payloads (RTCP
// reports, logs) are stored under the call too and get the name of their HEP type
// (values from the HEP 3 spec, /work/shared/hep.md §2.4).
import type { MessageRow } from '../store/types.js';

const HEP_TYPES: Record<number, string> = {
  5: 'RTCP',
  32: 'QoS report',
  34: 'MOS report',
  35: 'MOS report',
  53: 'DNS',
  99: 'report',
  100: 'LOG',
};

/** Method of a request, `status reason` of a response, else the HEP type's name. */
export function messageLabel(row: MessageRow): string {
  if (row.method !== null) return row.method;
  if (row.status !== null) return row.reasonPhrase ? `${row.status} ${row.reasonPhrase}` : String(row.status);
  return HEP_TYPES[row.protoType] ?? `HEP type ${row.protoType}`;
}
