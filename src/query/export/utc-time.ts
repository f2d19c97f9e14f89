// Capture times as people read them. Stored times are UTC microseconds (bigint); exports
// always write UTC with the zone spelled out, so a file read in another time zone (or by
// a vendor) cannot be misread, and all six fractional digits, so times match Wireshark's.

const MAX_DATE_MS = 8_640_000_000_000_000n; // the range of a JavaScript Date

// Seconds (floored) and the µs within them; null outside what a Date can show.
function split(ts: bigint): { date: string; micros: string } | null {
  let sec = ts / 1_000_000n;
  let us = ts % 1_000_000n;
  if (us < 0n) {
    sec -= 1n;
    us += 1_000_000n;
  }
  const ms = sec * 1000n;
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return null;
  return { date: new Date(Number(ms)).toISOString().slice(0, -5), micros: us.toString().padStart(6, '0') };
}

/** `YYYY-MM-DD HH:MM:SS.uuuuuu UTC`; a time no Date can hold is written as raw µs since the epoch. */
export function utcText(ts: bigint): string {
  const p = split(ts);
  return p ? `${p.date.replace('T', ' ')}.${p.micros} UTC` : `${ts} µs since 1970 UTC`;
}

/** ISO 8601 with microseconds, `YYYY-MM-DDTHH:MM:SS.uuuuuuZ`; null for a time no Date can hold. */
export function utcIso(ts: bigint): string | null {
  const p = split(ts);
  return p ? `${p.date}.${p.micros}Z` : null;
}
