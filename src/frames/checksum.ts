// RFC 1071 Internet checksum: the ones' complement of the ones' complement sum of 16-bit
// big-endian words. An odd trailing byte is padded with a zero on the right. Several buffers
// are summed as if concatenated, which is how the UDP/TCP pseudo-header is handled.
//
//   +--------+--------+--------+--------+ ...
//   |   word 0 (BE)   |   word 1 (BE)   |
//   +--------+--------+--------+--------+ ...

/** Internet checksum over the concatenation of `parts` (returns 0..0xffff, not yet folded for UDP's 0 rule). */
export function internetChecksum(...parts: Buffer[]): number {
  let sum = 0;
  let odd: number | null = null; // a dangling high byte carried into the next part
  for (const p of parts) {
    let i = 0;
    if (odd !== null && p.length > 0) {
      sum += (odd << 8) | (p[0] ?? 0);
      odd = null;
      i = 1;
    }
    for (; i + 1 < p.length; i += 2) sum += ((p[i] ?? 0) << 8) | (p[i + 1] ?? 0);
    if (i < p.length) odd = p[i] ?? 0;
    // Fold early so the sum stays far below 2^53 for any input size.
    if (sum > 0xffffffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  }
  if (odd !== null) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
