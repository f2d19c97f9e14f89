// The soak's user: every few seconds a search for a number sent a little earlier and the
// call flow of that call, through the query node's HTTP API, timed.
import { quantile } from './stats.js';

/** What the probes saw since the last `take()`. */
export interface ProbeWindow {
  searches: number;
  /** Searches that answered 200 without the call that was sent. */
  misses: number;
  /** Requests that failed (non-200, or no answer within 30 s). */
  errors: number;
  searchP50: number;
  searchP95: number;
  flowP95: number;
}

/** Logs in to the query node at `base` and returns a bearer token. */
export async function login(base: string, user: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
  if (r.status !== 200) throw new Error(`login to ${base} answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** Collects probe timings; `take()` hands over and resets one window. */
export class Prober {
  private search: number[] = [];
  private flow: number[] = [];
  private misses = 0;
  private errors = 0;
  constructor(private readonly base: string, private token: string) {}

  /** Searches for `toUser` in the last 10 minutes, then opens `callId`'s flow; both timed. */
  async probe(toUser: string, callId: string, atMicros: bigint): Promise<void> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.token}` };
    const from = new Date(Number(atMicros / 1000n) - 600_000).toISOString();
    try {
      const t0 = performance.now();
      const r = await fetch(`${this.base}/api/v1/search`, { method: 'POST', headers, body: JSON.stringify({ fields: { toUser }, from, limit: 50 }), signal: AbortSignal.timeout(30_000) });
      const body = r.status === 200 ? ((await r.json()) as { messages: { callId: string }[] }) : null;
      this.search.push(performance.now() - t0);
      if (!body) this.errors++;
      else if (!body.messages.some((m) => m.callId === callId)) this.misses++;
      const t1 = performance.now();
      const f = await fetch(`${this.base}/api/v1/calls/${encodeURIComponent(callId)}?at=${atMicros}`, { headers, signal: AbortSignal.timeout(30_000) });
      await f.arrayBuffer();
      this.flow.push(performance.now() - t1);
      if (f.status !== 200) this.errors++;
    } catch {
      this.errors++;
    }
  }

  /** The window so far; starts a new one. */
  take(): ProbeWindow {
    const w = { searches: this.search.length, misses: this.misses, errors: this.errors, searchP50: quantile(this.search, 0.5), searchP95: quantile(this.search, 0.95), flowP95: quantile(this.flow, 0.95) };
    [this.search, this.flow, this.misses, this.errors] = [[], [], 0, 0];
    return w;
  }
}
