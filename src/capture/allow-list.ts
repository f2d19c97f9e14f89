// Optional allow-list of sender networks (capture.allowNetworks), on node's BlockList.
import { BlockList, isIP } from 'node:net';
import { parseCidr } from '../config/parse-value.js';

/** Returns a predicate "may this address send to us?"; everything passes when `networks` is empty. */
export function allowList(networks: string[]): (address: string) => boolean {
  if (networks.length === 0) return () => true;
  const list = new BlockList();
  for (const n of networks) {
    const c = parseCidr(n);
    if (!c.ok) throw new Error(`capture.allowNetworks: ${c.detail}`);
    list.addSubnet(c.value.address, c.value.prefix, c.value.family);
  }
  return (address) => {
    const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const v = isIP(a);
    return v !== 0 && list.check(a, v === 4 ? 'ipv4' : 'ipv6');
  };
}
