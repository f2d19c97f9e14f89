// Step 4 of call-flow assembly: the columns of the sequence diagram. Each distinct
// ip:port is a column, in the order the flow first touches it (source before destination),
// labelled with the administrator's alias: an alias for exactly that ip and port wins over
// one for the ip alone (port null or 0), and with none the column shows ip:port. Addresses
// are compared in canonical form, so an alias typed as "2001:DB8::0001" still matches.
import { canonicalIpText } from '../util/ip-text.js';
import type { MessageRow } from '../store/types.js';
import type { FlowHost, HostAlias } from './types.js';

/** Canonical address text (util/ip-text.ts); anything else trimmed and lower-cased. */
export function canonicalIp(ip: string): string {
  return canonicalIpText(ip) ?? ip.trim().toLowerCase();
}

/** Column key of an endpoint: `ip:port`, IPv6 in brackets so the port stays readable. */
export function hostKey(ip: string, port: number): string {
  const c = canonicalIp(ip);
  return c.includes(':') ? `[${c}]:${port}` : `${c}:${port}`;
}

/** Looks aliases up by canonical ip and port; build once per request, use for every host. */
export function aliasLookup(aliases: readonly HostAlias[]): (ip: string, port: number) => string | null {
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

/** Hosts of the rows as columns in first-seen order, with each row's source and destination column. */
export function hostColumns(
  rows: readonly MessageRow[],
  aliases: readonly HostAlias[],
): { hosts: FlowHost[]; src: number[]; dst: number[] } {
  const alias = aliasLookup(aliases);
  const hosts: FlowHost[] = [];
  const index = new Map<string, number>();
  const column = (ip: string, port: number): number => {
    const key = hostKey(ip, port);
    let i = index.get(key);
    if (i === undefined) {
      i = hosts.length;
      index.set(key, i);
      hosts.push({ key, label: alias(ip, port) ?? key, ip: canonicalIp(ip), port });
    }
    return i;
  };
  const src: number[] = [];
  const dst: number[] = [];
  for (const r of rows) {
    src.push(column(r.srcIp, r.srcPort));
    dst.push(column(r.dstIp, r.dstPort));
  }
  return { hosts, src, dst };
}
