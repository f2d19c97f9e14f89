// Host names for addresses, shared by the call flow (hosts.ts) and the web UI's results
// table (web/src/aliases.ts re-exports this file, so the two cannot disagree): an alias for
// exactly ip and port wins over one for the ip alone (port null or 0), and addresses are
// compared in their one canonical text (util/ip-address.ts), so an alias typed as
// "2001:DB8::0001" still matches. Only browser-safe imports.
import type { Alias } from '../store/directory.js';
import { canonicalIpText } from '../util/ip-address.js';

/** Canonical address text (util/ip-address.ts); anything else trimmed and lower-cased. */
export function canonicalIp(ip: string): string {
  return canonicalIpText(ip) ?? ip.trim().toLowerCase();
}

/** Column key of an endpoint: `ip:port`, IPv6 in brackets so the port stays readable. */
export function hostKey(ip: string, port: number): string {
  const c = canonicalIp(ip);
  return c.includes(':') ? `[${c}]:${port}` : `${c}:${port}`;
}

/** Looks aliases up by canonical ip and port; build once per request, use for every host. */
export function aliasLookup(aliases: readonly Alias[]): (ip: string, port: number) => string | null {
  const exact = new Map<string, string>();
  const anyPort = new Map<string, string>();
  // The first alias given for a key wins, so the caller's order decides between duplicates.
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
