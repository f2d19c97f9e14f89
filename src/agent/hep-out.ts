// What the agent sends for one captured SIP message: a HEP packet in the configured
// version, carrying the capture time, the agent's capture id and node name, the auth key
// and, when asked, the payload zlib-compressed (HEP3 chunk 0x0010, as captagent does).
import { encodeHep, type HepEncodeReason, type HepPacket, type HepVersion } from '../hep/index.js';
import type { Result } from '../util/result.js';
import type { SipPacket } from '../frames/sip-frames.js';

/** The agent's HEP settings. */
export interface HepOutOptions {
  version: HepVersion;
  captureId: number;
  nodeName: string;
  authKey: string;
  compress: boolean;
}

/** The HEP model of a captured message; v3-only chunks are left out for v1/v2. */
export function hepPacketOf(p: SipPacket, o: HepOutOptions): HepPacket {
  const v3 = o.version === 3;
  return {
    version: o.version,
    family: p.family,
    ipProtocol: p.ipProtocol,
    srcIp: p.srcIp,
    dstIp: p.dstIp,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    tsSec: Number(p.tsMicros / 1_000_000n),
    tsUsec: Number(p.tsMicros % 1_000_000n),
    captureId: o.captureId,
    protoType: 1,
    payload: p.payload,
    compressed: v3 && o.compress,
    unknownChunks: [],
    flags: [],
    ...(v3 && o.authKey ? { authKey: o.authKey } : {}),
    ...(v3 && o.nodeName ? { nodeName: o.nodeName } : {}),
  };
}

/** Encodes a captured message as the bytes the agent sends. */
export function encodeHepOut(p: SipPacket, o: HepOutOptions): Result<Buffer, HepEncodeReason> {
  return encodeHep(hepPacketOf(p, o), o.version, { compression: o.version === 3 && o.compress ? 'zlib' : 'none' });
}
