// Whole IPv4 packets (header included) sent on the loopback interface through a raw socket, as a
// mirroring device sends IP-in-IP: for the libpcap tests on `lo`. Needs python3 and root.
import { spawnSync } from 'node:child_process';

const RAW_SEND = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for line in sys.stdin:
    s.sendto(bytes.fromhex(line.strip()), ('127.0.0.1', 0))
`;

/** True when this process may open libpcap and raw sockets. */
export const canCaptureOnLo = process.getuid?.() === 0;

/** Sends each IPv4 packet, in order, to 127.0.0.1; throws with python's error output when it cannot. */
export function sendRawIpv4(packets: Buffer[]): void {
  const send = spawnSync('python3', ['-c', RAW_SEND], { input: packets.map((p) => p.toString('hex')).join('\n') + '\n', encoding: 'utf8' });
  if (send.status !== 0) throw new Error(`raw send failed (${send.status}): ${send.stderr}`);
}
