// Writes a classic pcap file (little-endian, microsecond magic a1b2c3d4, version 2.4):
//
//   | d4 c3 b2 a1 | 02 00 | 04 00 | thiszone 0 | sigfigs 0 | snaplen 262144 | linktype |
//   per frame: | ts_sec | ts_usec | incl_len | orig_len | data |
//
// Timestamps outside what the format can hold (before 1970, after 2106) are clamped, and
// frames longer than the 262144-byte snaplen are cut to it with orig_len keeping the real size,
// so any input produces a file Wireshark opens.

const SNAPLEN = 262144;
const MAX_SEC = 0xffffffffn;

/** Serialises frames (UTC µs timestamps) as a classic microsecond pcap file of one link type. */
export function writePcap(frames: readonly { tsMicros: bigint; data: Buffer }[], linkType: number): Buffer {
  const parts: Buffer[] = [];
  const g = Buffer.alloc(24);
  g.writeUInt32LE(0xa1b2c3d4, 0);
  g.writeUInt16LE(2, 4);
  g.writeUInt16LE(4, 6);
  g.writeUInt32LE(SNAPLEN, 16);
  g.writeUInt32LE(linkType >>> 0, 20);
  parts.push(g);
  for (const f of frames) {
    let ts = f.tsMicros < 0n ? 0n : f.tsMicros;
    if (ts / 1_000_000n > MAX_SEC) ts = MAX_SEC * 1_000_000n + 999_999n;
    const incl = Math.min(f.data.length, SNAPLEN);
    const h = Buffer.alloc(16);
    h.writeUInt32LE(Number(ts / 1_000_000n), 0);
    h.writeUInt32LE(Number(ts % 1_000_000n), 4);
    h.writeUInt32LE(incl, 8);
    h.writeUInt32LE(Math.min(f.data.length, 0xffffffff), 12);
    parts.push(h, incl < f.data.length ? f.data.subarray(0, incl) : f.data);
  }
  return Buffer.concat(parts);
}
