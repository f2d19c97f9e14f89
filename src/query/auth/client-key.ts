// The "client" a login attempt is counted against. One host with IPv6 usually owns a whole
// /64, so counting per address would let it rotate through 2^64 of them: IPv6 clients are
// counted per /64, IPv4 (and IPv4-mapped IPv6 from a dual-stack socket) per address.
import { parseIpv4, parseIpv6 } from '../../util/ip-text.js';

/** Limiter key of a client address: "v4:<addr>", "v6:<first 64 bits hex>/64", or "other:<text>". */
export function clientKey(ip: string): string {
  if (parseIpv4(ip)) return `v4:${ip}`;
  const v6 = parseIpv6(ip);
  if (!v6) return `other:${ip.slice(0, 64)}`;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  if (mapped) return `v4:${v6[12]}.${v6[13]}.${v6[14]}.${v6[15]}`;
  return `v6:${v6.subarray(0, 8).toString('hex')}/64`;
}

/**
 * Limiter key of the site an IPv6 client belongs to ("v6:<first 48 bits hex>/48"), or null
 * for IPv4: one site holds 65,536 /64s, enough to flush the limiter's memory of other
 * clients one failure each, so a site's failures are counted together too (more allowed).
 */
export function siteKey(ip: string): string | null {
  if (parseIpv4(ip)) return null;
  const v6 = parseIpv6(ip);
  if (!v6) return null;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? null : `v6:${v6.subarray(0, 6).toString('hex')}/48`;
}
