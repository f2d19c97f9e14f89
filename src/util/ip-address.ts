// IP address bytes <-> text, and the one text form siptrail stores, indexes and compares:
//
//   IPv4:  4 bytes -> "a.b.c.d", decimal without leading zeros
//   IPv6: 16 bytes -> RFC 5952: lowercase hex without leading zeros, the longest run (>= 2
//                     groups, the first on a tie) of zero groups as "::", and IPv4-mapped
//                     addresses (::ffff:0:0/96) in mixed notation "::ffff:a.b.c.d" (section 5)
//
// Every path that stores an address (HEP decode, the frames stage, capture rows) and every
// path that compares one (search, call-flow columns) goes through here, so one address has
// one text whatever input it came from. Node agrees but in two corners: the WHATWG URL
// serializer (new URL('http://[..]')) prints a mapped address in hex (::ffff:a00:1, which
// HEP input used to store), and inet_ntop (net.SocketAddress) prints the deprecated
// IPv4-compatible ::a.b.c.d in mixed notation. Formatters read at a caller-checked offset;
// parsers return null instead of throwing.
//
// Bytes are Uint8Arrays and nothing here needs Node, so the web build takes this very code
// (host alias matching, flow/alias-lookup.ts); ip-text.ts gives Node callers Buffers.

/** Formats 4 bytes at `off` as dotted quad; the caller guarantees off+4 <= buf.length. */
export function formatIpv4(buf: Uint8Array, off = 0): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** True when the 16 bytes at `off` are an IPv4-mapped IPv6 address (::ffff:0:0/96). */
export function isIpv4Mapped(buf: Uint8Array, off = 0): boolean {
  for (let i = 0; i < 10; i++) if (buf[off + i] !== 0) return false;
  return buf[off + 10] === 0xff && buf[off + 11] === 0xff;
}

/** Formats 16 bytes at `off` in RFC 5952 canonical form; the caller guarantees off+16 <= buf.length. */
export function formatIpv6(buf: Uint8Array, off = 0): string {
  if (isIpv4Mapped(buf, off)) return `::ffff:${formatIpv4(buf, off + 12)}`;
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((buf[off + i * 2] ?? 0) << 8) | (buf[off + i * 2 + 1] ?? 0));
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

/** Formats 4 or 16 address bytes; null for any other length. */
export function formatIp(bytes: Uint8Array): string | null {
  return bytes.length === 4 ? formatIpv4(bytes) : bytes.length === 16 ? formatIpv6(bytes) : null;
}

/** Parses a strict dotted quad ("10.0.0.1", no leading zeros) into 4 bytes, or null. */
export function parseIpv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

/** Parses IPv6 text in any RFC 4291 spelling (any case, "::", an IPv4 tail, an ignored "%zone") into 16 bytes, or null. */
export function parseIpv6(s: string): Uint8Array | null {
  const zone = s.indexOf('%');
  // An empty zone id, or a second '%', is not an address (as Node's net.isIP judges it).
  if (zone >= 0 && (zone === s.length - 1 || s.includes('%', zone + 1))) return null;
  const text = zone >= 0 ? s.slice(0, zone) : s;
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
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[\da-f]{1,4}$/i.test(it)) {
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
  const out = new Uint8Array(16);
  all.forEach((v, i) => {
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

/** Parses an IPv4 or IPv6 address as typed (surrounding blanks and [brackets] allowed) into 4 or 16 bytes, or null. */
export function parseIp(text: string): Uint8Array | null {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4) return v4;
  return t.includes(':') ? parseIpv6(t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t) : null;
}

/** The canonical text of an address in any spelling ("::FFFF:10.0.0.1", "[0:0:0:0:0:ffff:a00:1]"), or null if it is none. */
export function canonicalIpText(text: string): string | null {
  const b = parseIp(text);
  return b ? formatIp(b) : null;
}
