// Spreads HEP over several capture nodes and keeps it flowing while they come and go.
//
//   Call-ID --hash--> rendezvous score per node --> the highest-scoring node that is up
//
// Rendezvous (highest random weight) hashing keeps every message of a call on one node,
// moves only a failed node's calls when it goes down (each to its next-best node), and
// moves them back when it recovers. Nothing is lost while one node is up:
//   - a message no node can take now (all down, or its node congested) waits in a bounded
//     FIFO (bufferPackets); when the FIFO is full the oldest is dropped and counted;
//   - what was sent to a node in the last resendMs is kept; when that node is found down,
//     those messages are sent again through the others. A node may have stored some of
//     them already: the copies carry the same bytes (same time, endpoints and payload),
//     so they get the same row id and the store keeps one row.
import type { Logger } from '../log/logger.js';
import { RateLimitedLog } from '../log/logger.js';
import type { AgentCounters } from './counters.js';
import { Fifo } from './fifo.js';
import type { Target, TargetEvents } from './target.js';

/** Buffering and resend settings. */
export interface TargetSetOptions {
  bufferPackets: number;
  resendMs: number;
}

type Held = { hash: number; msg: Buffer };
type Sent = Held & { at: number };

/** FNV-1a of a string, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Rendezvous score of a call hash on a node (murmur3's finaliser of the two mixed). */
export function score(hash: number, seed: number): number {
  let h = (hash ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Routes HEP messages by Call-ID over the capture nodes that are up. */
export class TargetSet implements TargetEvents {
  readonly targets: Target[];
  /** Per node: its rendezvous-hash seed and its window of recently sent messages. */
  private readonly nodes = new Map<Target, { seed: number; window: Fifo<Sent> }>();
  private readonly pending: Fifo<Held>;
  private readonly timer: NodeJS.Timeout;
  private readonly warn: RateLimitedLog;

  constructor(
    make: (events: TargetEvents) => Target[],
    private readonly opt: TargetSetOptions,
    private readonly counters: AgentCounters,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.pending = new Fifo(opt.bufferPackets);
    this.warn = new RateLimitedLog(log, 1, 10_000);
    this.targets = make(this);
    for (const t of this.targets) {
      this.nodes.set(t, { seed: hash32(t.name), window: new Fifo(opt.bufferPackets) });
      counters.targetUp.set({ target: t.name }, 0);
    }
    // Drain and up events normally flush; this catches anything they could not place.
    this.timer = setInterval(() => this.flush(), 200);
  }

  /** Messages waiting for a node. */
  get buffered(): number {
    return this.pending.length;
  }

  /** True while at least one node takes HEP. */
  get anyUp(): boolean {
    return this.targets.some((t) => t.up);
  }

  /** The node a call goes to now, or null when none is up. */
  pick(hash: number): Target | null {
    let best: Target | null = null;
    let bestScore = -1;
    for (const t of this.targets) {
      if (!t.up) continue;
      const s = score(hash, this.node(t).seed);
      if (s > bestScore) {
        best = t;
        bestScore = s;
      }
    }
    return best;
  }

  /** Sends one HEP message of call `callId`; it waits in the buffer when no node can take it. */
  send(callId: string, msg: Buffer): void {
    const held = { hash: hash32(callId), msg };
    // Behind a non-empty buffer a message waits its turn, so a call's messages stay in order.
    if (this.pending.length > 0 || !this.deliver(held)) this.hold(held);
  }

  up(t: Target): void {
    this.counters.targetUp.set({ target: t.name }, 1);
    this.log.info(`capture node ${t.name} is up`);
    this.flush();
  }

  down(t: Target, why: string): void {
    this.counters.targetUp.set({ target: t.name }, 0);
    this.counters.targetDown.inc({ target: t.name });
    const since = this.now() - this.opt.resendMs;
    const again = this.node(t).window.drain().filter((s) => s.at >= since);
    const others = this.targets.filter((x) => x.up).map((x) => x.name);
    this.log.warn(`capture node ${t.name} is down (${why}); ${others.length ? `its calls go to ${others.join(', ')}` : 'no capture node is up: buffering'}; sending its last ${again.length} messages again`);
    if (again.length > 0) {
      this.counters.resent.inc({ target: t.name }, again.length);
      // They are older than anything waiting: they go first.
      const waiting = this.pending.drain();
      for (const s of [...again.map(({ hash, msg }) => ({ hash, msg })), ...waiting]) this.hold(s);
    }
    this.flush();
  }

  drain(): void {
    this.flush();
  }

  /** Tries to place every waiting message, keeping the order of those that still cannot go. */
  flush(): void {
    if (this.pending.length === 0 || !this.anyUp) {
      this.gauge();
      return;
    }
    const n = this.pending.length;
    let blocked = false;
    for (let i = 0; i < n; i++) {
      const h = this.pending.shift();
      if (h === undefined) break;
      // Once one message is stuck, later messages of the same node must not overtake it;
      // re-queueing all of them keeps the order and costs little (congestion is brief).
      if (blocked || !this.deliver(h)) {
        blocked = true;
        this.pending.push(h);
      }
    }
    this.gauge();
  }

  /** Waits up to `ms` for the buffer to empty, then closes every target. */
  async close(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.pending.length > 0 && Date.now() < deadline) {
      this.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    clearInterval(this.timer);
    if (this.pending.length > 0) {
      this.counters.dropped.inc({ reason: 'shutdown' }, this.pending.length);
      this.log.error(`DROPPED ${this.pending.length} HEP messages at shutdown: no capture node took them`);
    }
    await Promise.all(this.targets.map((t) => t.close()));
  }

  private node(t: Target): { seed: number; window: Fifo<Sent> } {
    const n = this.nodes.get(t);
    if (n === undefined) throw new Error(`capture node ${t.name} is not one of this set's targets`);
    return n;
  }

  private deliver(h: Held): boolean {
    const t = this.pick(h.hash);
    if (!t || !t.send(h.msg)) return false;
    this.counters.sent.inc({ target: t.name });
    if (this.opt.resendMs > 0) {
      const w = this.node(t).window;
      const at = this.now();
      w.push({ ...h, at });
      const since = at - this.opt.resendMs;
      while ((w.peek()?.at ?? at) < since) w.shift();
    }
    return true;
  }

  private hold(h: Held): void {
    const dropped = this.pending.push(h);
    if (dropped) {
      this.counters.dropped.inc({ reason: 'buffer-full' });
      this.warn.warn('buffer-full', `DROPPING HEP messages: ${this.opt.bufferPackets} wait already (agent.bufferPackets) and no capture node takes them`);
    }
    this.gauge();
  }

  private gauge(): void {
    this.counters.buffered.set(this.pending.length);
  }
}
