// Time as the UI shows it: capture times are UTC microseconds (decimal strings) and are
// shown in the viewer's time zone with the zone visible, to the microsecond; form dates and
// times are the viewer's local wall clock, turned into UTC instants for the API.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The viewer's IANA time zone, e.g. "Europe/Berlin". */
export function zoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

/** UTC offset of the viewer's zone at an instant, as "UTC+01:00". */
export function offsetText(d: Date): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `UTC${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** A capture time split for display: local date, local time with microseconds, offset. */
export interface ShownTime {
  date: string;
  time: string;
  zone: string;
}

/** Splits µs-since-epoch into local date, time to the microsecond and the UTC offset. */
export function showTime(tsMicros: string): ShownTime {
  const us = BigInt(tsMicros);
  const d = new Date(Number(us / 1000n));
  const frac = Number(us % 1_000_000n);
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(frac, 6)}`,
    zone: offsetText(d),
  };
}

/** "2025-11-23 11:00:00.000000 UTC+01:00". */
export function formatTime(tsMicros: string): string {
  const t = showTime(tsMicros);
  return `${t.date} ${t.time} ${t.zone}`;
}

/** The same instant in UTC, for tooltips: "2025-11-23 10:00:00.000000 UTC". */
export function formatUtc(tsMicros: string): string {
  const us = BigInt(tsMicros);
  const iso = new Date(Number(us / 1000n)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${pad(Number(us % 1_000_000n), 6)} UTC`;
}

/** A duration in µs for people: "+850 µs", "+1.500 ms", "+4.000 s", "+2 min 03.000 s". */
export function formatDelta(micros: string | bigint, sign = '+'): string {
  const us = typeof micros === 'bigint' ? micros : BigInt(micros);
  const n = Number(us);
  if (n < 1000) return `${sign}${n} µs`;
  if (n < 1_000_000) return `${sign}${(n / 1000).toFixed(3)} ms`;
  if (n < 60_000_000) return `${sign}${(n / 1_000_000).toFixed(3)} s`;
  const min = Math.floor(n / 60_000_000);
  return `${sign}${min} min ${pad(Math.floor((n % 60_000_000) / 1_000_000))}.${pad(Math.floor((n % 1_000_000) / 1000), 3)} s`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A local date ("2025-11-23") and time ("13:39" or "13:39:05") as an ISO UTC instant; null if invalid. */
export function localToIso(date: string, time: string, endOfMinute = false): string | null {
  const dm = DATE.exec(date);
  const tm = TIME.exec(time);
  if (!dm || !tm) return null;
  const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
  const [h, mi] = [Number(tm[1]), Number(tm[2])];
  const hasSeconds = tm[3] !== undefined;
  const s = hasSeconds ? Number(tm[3]) : endOfMinute ? 59 : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const when = new Date(y, mo - 1, d, h, mi, s, !hasSeconds && endOfMinute ? 999 : 0);
  if (when.getMonth() !== mo - 1 || when.getDate() !== d) return null;
  return when.toISOString();
}

/** The viewer's local date `days` from today, "YYYY-MM-DD". */
export function localDate(days = 0, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The viewer's local time now, "HH:MM". */
export function localClock(now = new Date()): string {
  return `${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
