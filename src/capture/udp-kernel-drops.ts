// Datagrams the kernel dropped before siptrail could read them: a UDP socket's receive
// buffer fills when the process is starved of CPU (a busy host, a stall), and Linux then
// discards datagrams without the program ever seeing them. The kernel counts them per
// socket in the last column ("drops") of /proc/net/udp and /proc/net/udp6:
//   sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops
//    7: 0100007F:2364 00000000:0000 07 00000000:00000000 00:00000000 00000000  0  0 4242 2 ffff8c... 17
// local_address is the bound address as the kernel holds it in memory (each 32-bit word in
// the host's byte order), a colon, and the port as 4 hex digits.
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { parseIp } from '../util/ip-address.js';

/** How a bound address appears in /proc/net/udp(6): `ADDRHEX:PORT`, or null for text that is not an address. */
export function procNetLocal(ip: string, port: number, littleEndian = endianness() === 'LE'): string | null {
  const bytes = parseIp(ip);
  if (!bytes || port < 0 || port > 65535) return null;
  let hex = '';
  for (let w = 0; w < bytes.length; w += 4) {
    const word = Array.from(bytes.subarray(w, w + 4));
    if (littleEndian) word.reverse();
    hex += word.map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return `${hex.toUpperCase()}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The drops the kernel counted on sockets bound to `local` (from procNetLocal) in a /proc/net/udp(6) text; null when none is listed. */
export function dropsIn(procText: string, local: string): number | null {
  let total: number | null = null;
  for (const line of procText.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // cols[0] is "sl:", cols[1] the local address; the data rows have 13 columns.
    if (cols.length < 13 || cols[1] !== local) continue;
    const drops = Number(cols[cols.length - 1]);
    if (Number.isSafeInteger(drops) && drops >= 0) total = (total ?? 0) + drops;
  }
  return total;
}

/** Reads the kernel's drop count of the UDP socket bound to ip:port, or null where /proc/net is not there (not Linux) or lists no such socket. */
export function readUdpDrops(ip: string, port: number): number | null {
  const local = procNetLocal(ip, port);
  if (!local) return null;
  const file = local.length > 13 ? '/proc/net/udp6' : '/proc/net/udp';
  try {
    return dropsIn(readFileSync(file, 'utf8'), local);
  } catch {
    return null;
  }
}

/** Watches the kernel's drop count of the node's HEP UDP sockets: `total()` for /metrics, `check()` for the growth since the last check. */
export class UdpDropWatch {
  private last = 0;
  constructor(private readonly sockets: { address: string; port: number }[], private readonly read = readUdpDrops) {}

  /** Drops on all the sockets since they opened (sockets the kernel does not list count 0). */
  total(): number {
    return this.sockets.reduce((sum, s) => sum + (this.read(s.address, s.port) ?? 0), 0);
  }

  /** Drops since the previous call (0 on the first call with none). */
  check(): number {
    const now = this.total();
    const grew = Math.max(0, now - this.last);
    this.last = now;
    return grew;
  }
}
