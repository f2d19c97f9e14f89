// Lists of networks from the config (capture.allowNetworks, http.trustProxy), on node's
// BlockList; an IPv4-mapped IPv6 address is checked as the IPv4 address it carries.
import { BlockList, isIP } from 'node:net';
import { parseCidr } from './parse-value.js';

/** Returns a predicate "may this address send to us?"; everything passes when `networks` is empty. */
export function allowList(networks: string[], key = 'capture.allowNetworks'): (address: string) => boolean {
  if (networks.length === 0) return () => true;
  return inNetworks(networks, key);
}

/** Returns a predicate "is this address in one of `networks`?"; nothing is when the list is empty. A bad entry throws naming `key`. */
export function inNetworks(networks: string[], key: string): (address: string) => boolean {
  const list = new BlockList();
  for (const n of networks) {
    const c = parseCidr(n);
    if (!c.ok) throw new Error(`${key}: ${c.detail}`);
    list.addSubnet(c.value.address, c.value.prefix, c.value.family);
  }
  return (address) => {
    const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const v = isIP(a);
    return v !== 0 && list.check(a, v === 4 ? 'ipv4' : 'ipv6');
  };
}
