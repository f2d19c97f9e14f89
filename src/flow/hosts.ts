// Step 4 of call-flow assembly: the columns of the sequence diagram. Each distinct
// ip:port is a column, in the order the flow first touches it (source before destination),
// labelled with the administrator's alias: an alias for exactly that ip and port wins over
// one for the ip alone (port null or 0), and with none the column shows ip:port. Addresses
// are compared in canonical form, so an alias typed as "2001:DB8::0001" still matches.
import type { Alias } from '../store/directory.js';
import type { MessageRow } from '../store/types.js';
import { aliasLookup, canonicalIp, hostKey } from './alias-lookup.js';
import type { FlowHost } from './types.js';

/** Hosts of the rows as columns in first-seen order, with each row's source and destination column. */
export function hostColumns(
  rows: readonly MessageRow[],
  aliases: readonly Alias[],
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
