// Classic libpcap file format (draft-ietf-opsawg-pcap), in the writer's byte order:
//
//   global header, 24 bytes:
//   | magic 4 | major 2 | minor 2 | thiszone 4 | sigfigs 4 | snaplen 4 | linktype 4 |
//     magic a1b2c3d4 = microseconds, a1b23c4d = nanoseconds; read swapped = other byte order.
//     linktype: low 26 bits (the top bits carry FCS information).
//   record, 16-byte header then incl_len bytes:
//   | ts_sec 4 | ts_usec or ts_nsec 4 | incl_len 4 | orig_len 4 | data ... |

import { MAX_RECORD_BYTES, type Step } from './capture-file.js';

/** Byte order, timestamp unit and link type from a classic pcap global header. */
export type PcapHeader = { le: boolean; nanos: boolean; linkType: number };

const MICRO = 0xa1b2c3d4;
const NANO = 0xa1b23c4d;

/** Recognises a classic pcap magic in the first 4 bytes (the caller checks there are 4). */
export function pcapMagic(buf: Buffer): { le: boolean; nanos: boolean } | null {
  const le = buf.readUInt32LE(0);
  const be = buf.readUInt32BE(0);
  if (le === MICRO || le === NANO) return { le: true, nanos: le === NANO };
  if (be === MICRO || be === NANO) return { le: false, nanos: be === NANO };
  return null;
}

/** Parses the 24-byte global header at offset 0, or asks for it. */
export function pcapHeaderStep(buf: Buffer): { kind: 'need'; bytes: number } | { kind: 'header'; header: PcapHeader } {
  if (buf.length < 24) return { kind: 'need', bytes: 24 };
  const m = pcapMagic(buf);
  const le = m?.le ?? true;
  const linkType = (le ? buf.readUInt32LE(20) : buf.readUInt32BE(20)) & 0x03ffffff;
  return { kind: 'header', header: { le, nanos: m?.nanos ?? false, linkType } };
}

/** Parses one record at `off`. */
export function pcapRecordStep(h: PcapHeader, buf: Buffer, off: number): Step {
  if (buf.length - off < 16) return { kind: 'need', bytes: 16 };
  const u32 = (at: number): number => (h.le ? buf.readUInt32LE(off + at) : buf.readUInt32BE(off + at));
  const incl = u32(8);
  if (incl > MAX_RECORD_BYTES) {
    return { kind: 'error', reason: 'bad-block', detail: `record at ${off} claims ${incl} captured bytes (max ${MAX_RECORD_BYTES})` };
  }
  if (buf.length - off < 16 + incl) return { kind: 'need', bytes: 16 + incl };
  const frac = BigInt(u32(4));
  const tsMicros = BigInt(u32(0)) * 1_000_000n + (h.nanos ? frac / 1000n : frac);
  const data = buf.subarray(off + 16, off + 16 + incl);
  return { kind: 'frame', frame: { linkType: h.linkType, tsMicros, data, origLen: u32(12) }, size: 16 + incl };
}
