// The ingest counters of capture processes as their /metrics shows them, and a wait until
// they have settled: everything received is stored (or rejected, or dropped), the spool is
// empty, and at least the packets a sender sent have arrived. The names are the ones
// docs/capture.md lists.
import { metricSum } from '../../bench/lib/metrics-text.js';

/** Counters of one capture process (or differences between two readings). */
export interface CaptureTotals {
  received: number;
  stored: number;
  rejected: number;
  dropped: number;
  spooled: number;
  replayed: number;
  /** A gauge: bytes in the spool now (not a difference). */
  spoolBytes: number;
  /** A gauge: rows waiting in memory now (not a difference). */
  queueRows: number;
}

const NAMES: Record<keyof CaptureTotals, string> = {
  received: 'siptrail_capture_received_total',
  stored: 'siptrail_capture_stored_total',
  rejected: 'siptrail_capture_rejected_total',
  dropped: 'siptrail_capture_dropped_total',
  spooled: 'siptrail_capture_spooled_total',
  replayed: 'siptrail_capture_replayed_total',
  spoolBytes: 'siptrail_capture_spool_bytes',
  queueRows: 'siptrail_capture_queue_rows',
};

const GAUGES: (keyof CaptureTotals)[] = ['spoolBytes', 'queueRows'];

/** Reads the counters of the capture process at `url` (http://host:port). */
export async function captureTotals(url: string): Promise<CaptureTotals> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${url}/metrics answered ${res.status}`);
  const text = await res.text();
  return Object.fromEntries(Object.entries(NAMES).map(([k, name]) => [k, metricSum(text, name)])) as unknown as CaptureTotals;
}

/** Counters since `before` (the gauges as they are now). */
export function since(now: CaptureTotals, before: CaptureTotals): CaptureTotals {
  const out = { ...now };
  for (const k of Object.keys(NAMES) as (keyof CaptureTotals)[]) if (!GAUGES.includes(k)) out[k] = now[k] - before[k];
  return out;
}

/** Sum over processes. */
export function sumTotals(list: CaptureTotals[]): CaptureTotals {
  const out = Object.fromEntries(Object.keys(NAMES).map((k) => [k, 0])) as unknown as CaptureTotals;
  for (const t of list) for (const k of Object.keys(NAMES) as (keyof CaptureTotals)[]) out[k] += t[k];
  return out;
}

/**
 * Waits until the processes at `urls` have received `expected` packets since `before` (one
 * reading per url), hold nothing unwritten and have an empty spool; returns each one's
 * counters since `before`. Throws with the last reading after `timeoutMs`.
 */
export async function waitDrained(urls: string[], before: CaptureTotals[], expected: number, timeoutMs: number): Promise<CaptureTotals[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const now = await Promise.all(urls.map(captureTotals));
      const all = sumTotals(now);
      const delta = since(all, sumTotals(before));
      if (delta.received >= expected && all.stored + all.rejected + all.dropped >= all.received && all.spoolBytes === 0) return now.map((t, i) => since(t, before[i]!));
      last = JSON.stringify(delta);
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`capture processes not drained after ${Math.round(timeoutMs / 1000)} s (expected ${expected} received; counters since the start: ${last})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
