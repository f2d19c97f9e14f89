// Host alias names for the results table, matched as the server's call flow does
// (src/flow/hosts.ts): an alias for exactly ip and port wins over one for the ip alone
// (port null or 0), and addresses are compared in canonical form.
import type { Alias } from './types';

function canonicalV6(ip: string): string | null {
  const t = ip.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(t) || t.includes(':::')) return null;
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const [before = '', after] = halves;
  const head = part(before);
  const tail = after === undefined ? [] : part(after);
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  if (last?.includes('.')) {
    const v4 = canonicalV4(last);
    if (!v4) return null;
    const n = v4.split('.').map(Number) as [number, number, number, number];
    const groups = [((n[0] << 8) | n[1]).toString(16), ((n[2] << 8) | n[3]).toString(16)];
    (halves.length === 2 ? tail : head).splice(-1, 1, ...groups);
  }
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const words = groups.map((g) => parseInt(g, 16).toString(16));
  // RFC 5952 section 5, as the server stores it (src/util/ip-text.ts): IPv4-mapped in mixed notation.
  if (words.slice(0, 5).every((w) => w === '0') && words[5] === 'ffff') {
    const [hi, lo] = [parseInt(words[6] ?? '0', 16), parseInt(words[7] ?? '0', 16)];
    return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  // RFC 5952: compress the longest run (two or more) of zero groups, the first if tied.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

function canonicalV4(ip: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const n = m.slice(1).map(Number);
  return n.every((x) => x <= 255) ? n.join('.') : null;
}

/** Canonical address text: dotted quad, RFC 5952 IPv6; anything else trimmed and lower-cased. */
export function canonicalIp(ip: string): string {
  const t = ip.trim();
  return canonicalV4(t) ?? (t.includes(':') ? canonicalV6(t) : null) ?? t.toLowerCase();
}

/** `ip:port`, IPv6 in brackets. */
export function endpoint(ip: string, port: number): string {
  const c = canonicalIp(ip);
  return c.includes(':') ? `[${c}]:${port}` : `${c}:${port}`;
}

/** A lookup from (ip, port) to alias name, or null. */
export function aliasLookup(aliases: readonly Alias[]): (ip: string, port: number) => string | null {
  const exact = new Map<string, string>();
  const anyPort = new Map<string, string>();
  for (const a of aliases) {
    const ip = canonicalIp(a.ip);
    if (a.port === null || a.port === 0) {
      if (!anyPort.has(ip)) anyPort.set(ip, a.name);
    } else if (!exact.has(`${ip}|${a.port}`)) {
      exact.set(`${ip}|${a.port}`, a.name);
    }
  }
  return (ip, port) => {
    const c = canonicalIp(ip);
    return exact.get(`${c}|${port}`) ?? anyPort.get(c) ?? null;
  };
}
