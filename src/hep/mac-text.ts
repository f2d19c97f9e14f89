// MAC address bytes <-> text, for the HEP3 source/destination MAC chunks (0x0013, 0x0014).
// IP addresses have their own module, util/ip-text.ts, shared by every input.
//
//   6 bytes -> "aa:bb:cc:dd:ee:ff" (lowercase)

/** Formats a 6-byte MAC at `off` as lowercase "aa:bb:cc:dd:ee:ff". */
export function formatMac(buf: Buffer, off: number): string {
  return buf.subarray(off, off + 6).toString('hex').replace(/(..)(?!$)/g, '$1:');
}

/** Parses "aa:bb:cc:dd:ee:ff" (any case) into 6 bytes, or undefined. */
export function parseMac(text: string): Buffer | undefined {
  if (!/^[\da-f]{2}(?::[\da-f]{2}){5}$/i.test(text)) return undefined;
  return Buffer.from(text.replace(/:/g, ''), 'hex');
}
