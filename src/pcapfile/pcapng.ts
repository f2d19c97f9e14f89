// pcapng (draft-ietf-opsawg-pcapng). Every block, in its section's byte order:
//
//   | block type 4 | total length 4 | body ... (padded to 4) | total length 4 |
//
// SHB 0x0A0D0D0A: | type | len | byte-order magic 1A2B3C4D | major 2 | minor 2 | section len 8 | options |
//   starts a section; its magic (read LE or BE) sets the byte order of every block up to the next SHB.
// IDB 1:  | linktype 2 | reserved 2 | snaplen 4 | options |      (interface ids count from 0 per section)
//   options: | code 2 | length 2 | value (padded to 4) | ... | 0 0 (end) |
//   if_tsresol (9, 1 byte): bit 7 clear = 10^-n s, set = 2^-n s (default 10^-6);
//   if_tsoffset (14, int64): seconds added to every timestamp.
// EPB 6:  | interface id 4 | ts high 4 | ts low 4 | captured len 4 | original len 4 | data | options |
// SPB 3:  | original len 4 | data |   interface 0, no timestamp: we reuse the previous frame's time
// PB 2 (obsolete): | interface id 2 | drops 2 | ts high 4 | ts low 4 | captured len 4 | original len 4 | data |
// Any other block is skipped by its length.

import { MAX_RECORD_BYTES, type Step } from './capture-file.js';

/** Block type of the Section Header Block, the same in both byte orders. */
export const SHB_TYPE = 0x0a0d0d0a;

type Iface = { linkType: number; snaplen: number; unitsPerSec: bigint; offsetSec: bigint };

/** Reader state that lives across blocks: byte order and interfaces of the current section. */
export type PcapngState = { le: boolean; ifaces: Iface[]; lastTs: bigint };

/** A fresh state, before the first SHB. */
export function newPcapngState(): PcapngState {
  return { le: true, ifaces: [], lastTs: 0n };
}

const bad = (detail: string): Step => ({ kind: 'error', reason: 'bad-block', detail });

function checkLength(type: number, len: number, min: number, off: number): Step | null {
  if (len < min || len % 4 !== 0 || len > MAX_RECORD_BYTES) {
    return bad(`block type 0x${type.toString(16)} at ${off} has length ${len} (min ${min}, multiple of 4, max ${MAX_RECORD_BYTES})`);
  }
  return null;
}

function parseIdb(st: PcapngState, buf: Buffer, off: number, len: number): Step | null {
  const u16 = (at: number): number => (st.le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const iface: Iface = { linkType: u16(off + 8), snaplen: st.le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12), unitsPerSec: 1_000_000n, offsetSec: 0n };
  const end = off + len - 4;
  // Each option advances by at least 4 bytes, so the loop ends.
  for (let o = off + 16; o + 4 <= end; ) {
    const code = u16(o);
    const olen = u16(o + 2);
    if (code === 0) break;
    if (o + 4 + olen > end) return bad(`IDB option ${code} at ${o} of length ${olen} runs past the block end ${end}`);
    if (code === 9 && olen >= 1) {
      const r = buf[o + 4] ?? 6;
      iface.unitsPerSec = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
    } else if (code === 14 && olen >= 8) {
      iface.offsetSec = st.le ? buf.readBigInt64LE(o + 4) : buf.readBigInt64BE(o + 4);
    }
    o += 4 + olen + ((4 - (olen % 4)) % 4);
  }
  st.ifaces.push(iface);
  return null;
}

function packet(st: PcapngState, buf: Buffer, off: number, len: number, type: number): Step {
  const u32 = (at: number): number => (st.le ? buf.readUInt32LE(off + at) : buf.readUInt32BE(off + at));
  const epb = type === 6;
  const ifId = epb ? u32(8) : st.le ? buf.readUInt16LE(off + 8) : buf.readUInt16BE(off + 8);
  const iface = st.ifaces[ifId];
  if (!iface) return bad(`packet block at ${off} names interface ${ifId}; the section has ${st.ifaces.length}`);
  const capLen = u32(20);
  if (capLen > len - 32) return bad(`packet block at ${off} claims ${capLen} captured bytes in a ${len}-byte block`);
  const ts = (BigInt(u32(12)) << 32n) | BigInt(u32(16));
  const tsMicros = (ts * 1_000_000n) / iface.unitsPerSec + iface.offsetSec * 1_000_000n;
  st.lastTs = tsMicros;
  const data = buf.subarray(off + 28, off + 28 + capLen);
  return { kind: 'frame', frame: { linkType: iface.linkType, tsMicros, data, origLen: u32(24) }, size: len };
}

function simplePacket(st: PcapngState, buf: Buffer, off: number, len: number): Step {
  const iface = st.ifaces[0];
  if (!iface) return bad(`simple packet block at ${off} but the section has no interface`);
  const origLen = st.le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
  let capLen = Math.min(origLen, len - 16);
  if (iface.snaplen > 0) capLen = Math.min(capLen, iface.snaplen);
  const data = buf.subarray(off + 12, off + 12 + capLen);
  return { kind: 'frame', frame: { linkType: iface.linkType, tsMicros: st.lastTs, data, origLen }, size: len };
}

/** Parses the block at `off`: a frame, a skip, a request for more bytes, or an error. */
export function pcapngBlockStep(st: PcapngState, buf: Buffer, off: number): Step {
  const avail = buf.length - off;
  if (avail < 8) return { kind: 'need', bytes: 8 };
  if (buf.readUInt32LE(off) === SHB_TYPE) {
    if (avail < 12) return { kind: 'need', bytes: 12 };
    const bom = buf.readUInt32LE(off + 8);
    if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) return bad(`section header at ${off} has byte-order magic 0x${bom.toString(16)}`);
    const le = bom === 0x1a2b3c4d;
    const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    const e = checkLength(SHB_TYPE, len, 28, off);
    if (e) return e;
    if (avail < len) return { kind: 'need', bytes: len };
    const major = le ? buf.readUInt16LE(off + 12) : buf.readUInt16BE(off + 12);
    if (major !== 1) return bad(`section header at ${off} has major version ${major}`);
    const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
    if (trailer !== len) return bad(`section header at ${off}: trailing length ${trailer} != ${len}`);
    st.le = le;
    st.ifaces = [];
    return { kind: 'skip', size: len };
  }
  const type = st.le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  const len = st.le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
  const min = type === 1 ? 20 : type === 6 ? 32 : type === 3 ? 16 : type === 2 ? 32 : 12;
  const e = checkLength(type, len, min, off);
  if (e) return e;
  if (avail < len) return { kind: 'need', bytes: len };
  const trailer = st.le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
  if (trailer !== len) return bad(`block type 0x${type.toString(16)} at ${off}: trailing length ${trailer} != ${len}`);
  if (type === 1) return parseIdb(st, buf, off, len) ?? { kind: 'skip', size: len };
  if (type === 6 || type === 2) return packet(st, buf, off, len, type);
  if (type === 3) return simplePacket(st, buf, off, len);
  return { kind: 'skip', size: len };
}
