// IP address text <-> bytes.
//
//   IPv4:  4 bytes  -> "a.b.c.d"
//   IPv6: 16 bytes  -> RFC 5952 canonical text: lowercase hex, no leading zeros, the longest
//                      run (>= 2 groups, first on a tie) of zero groups as "::", and
//                      IPv4-mapped addresses (::ffff:0:0/96) in mixed notation "::ffff:1.2.3.4".
//
// Formatters read at a caller-checked offset; parsers return null instead of throwing.

/** Formats 4 bytes at `off` as dotted quad; the caller guarantees off+4 <= buf.length. */
export function formatIpv4(buf: Buffer, off = 0): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** Formats 16 bytes at `off` in RFC 5952 canonical form; the caller guarantees off+16 <= buf.length. */
export function formatIpv6(buf: Buffer, off = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(buf.readUInt16BE(off + i * 2));
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIpv4(buf, off + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestLen < 2) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** Parses a strict dotted quad ("10.0.0.1") into 4 bytes, or null. */
export function parseIpv4(s: string): Buffer | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = Buffer.alloc(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

/** Parses IPv6 text (with "::", embedded IPv4, optional "%zone") into 16 bytes, or null. */
export function parseIpv6(s: string): Buffer | null {
  const text = s.includes('%') ? s.slice(0, s.indexOf('%')) : s;
  if (text.length === 0 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i] ?? '';
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIpv4(it);
        if (!v4) return null;
        out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(it)) {
        out.push(parseInt(it, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  // An embedded IPv4 may only end the address.
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? '').includes('.')) return null;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const out = Buffer.alloc(16);
  all.forEach((v, i) => out.writeUInt16BE(v, i * 2));
  return out;
}
