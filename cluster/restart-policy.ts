// When a supervised local Cassandra node exits on its own: restart it after a back-off
// that doubles with every recent exit, or give up once it has been restarted
// local.restartLimit times within local.restartWindowMin (a crash loop: restarting again
// only repeats the failure and hides it). Pure: the supervisor feeds in the exit times.
import { formatSpan } from '../src/util/span.js';

/** The policy's settings. */
export interface RestartPolicy {
  /** Restarts allowed within the window; the next exit inside it gives up. 0: never restart. */
  limit: number;
  windowMs: number;
  /** Delay before the first restart; each further exit within the window doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What to do about the exit that just happened. */
export type RestartDecision =
  | { action: 'restart'; delayMs: number; /** exits within the window, this one included */ exits: number }
  | { action: 'give-up'; exits: number; /** the exits counted, as "6 exits in 7 min 40 s" */ why: string };

/** Back-off of delaySec (2 s), then doubling, capped at a minute (or delaySec when larger); restarts counted over minutes. */
export function restartPolicy(limit: number, windowMin: number, delaySec = 2): RestartPolicy {
  return { limit, windowMs: windowMin * 60_000, baseDelayMs: delaySec * 1000, maxDelayMs: Math.max(60_000, delaySec * 1000) };
}

/** Decides about an exit at `now`, given the epoch-ms times of every exit so far (this one included). */
export function decideRestart(exitTimes: readonly number[], now: number, p: RestartPolicy): RestartDecision {
  const recent = exitTimes.filter((t) => t > now - p.windowMs && t <= now);
  const exits = Math.max(1, recent.length);
  if (exits > p.limit) {
    const first = Math.min(...recent, now);
    const span = exits > 1 ? ` in ${formatSpan(now - first)}` : '';
    return { action: 'give-up', exits, why: `${exits} exit${exits > 1 ? 's' : ''}${span} (local.restartLimit ${p.limit} restarts within local.restartWindowMin ${formatSpan(p.windowMs)})` };
  }
  return { action: 'restart', exits, delayMs: Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (exits - 1)) };
}
