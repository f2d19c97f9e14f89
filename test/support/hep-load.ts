// A steady HEP3 load for failure drills: realistic dialogs (answered and busy calls,
// registrations, OPTIONS pings), one Call-ID each, every dialog sent to the one capture
// node the agent would pick for it (rendezvous hash over "host:port"), as HEP3 streams over
// TCP (hep.md §3.3: messages back to back, each framed by its own length) at a fixed packet
// rate. It returns how many packets each Call-ID got: what the store must hold afterwards.
import { connect, type Socket } from 'node:net';
import { encodeHep } from '../../src/hep/index.js';
import { hash32, score } from '../../src/agent/target-set.js';
import { callFlow, optionsPing, registration, toHep, type WireMessage } from './call-flows.js';

/** A capture node's HEP TCP listener. */
export interface HepTarget {
  host: string;
  port: number;
}

/** What to send, where, how fast and for how long. */
export interface LoadOptions {
  /** Starts every Call-ID of the run (`<prefix>-<n>@drill.test`). */
  prefix: string;
  targets: HepTarget[];
  /** Packets per second. */
  rate: number;
  seconds: number;
  /** Runs beside the load (e.g. kills a node at 10 s); the load ends early if it throws. */
  during?: (ctl: LoadControl) => Promise<void>;
}

/** What `during` sees of the running load. */
export interface LoadControl {
  // Properties, not methods: `during` destructures them ({ elapsed, sent, hold }).
  /** Seconds since the load began. */
  elapsed: () => number;
  /** Packets sent so far. */
  sent: () => number;
  /** Capture time of dialog 0. */
  startMicros: bigint;
  /** Sends nothing while `fn` runs; afterwards the rate goes on from where it was (the pause does not count). */
  hold: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** What was sent. */
export interface LoadResult {
  sent: number;
  /** Packets sent per Call-ID (a dialog cut off by the end of the run counts what left). */
  perCallId: Map<string, number>;
  /** Packets sent to each target, in the order of `targets`. */
  perTarget: number[];
  /** Dialogs begun: dialog n has Call-ID dialogCallId(prefix, n) for n below this. */
  dialogs: number;
  /** Capture time of dialog 0; dialog n starts n ms later. */
  startMicros: bigint;
  /** How long sending took, pauses (hold) included. */
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Call-ID of dialog n of a run. */
export function dialogCallId(prefix: string, n: number): string {
  return `${prefix}-${n}@drill.test`;
}

/** Called number (To user) of dialog n: unique within a run of fewer than a million dialogs. */
export function dialogTo(n: number): string {
  return `0211${String(n % 1_000_000).padStart(6, '0')}`;
}

/** Dialog n's kind: answered calls (n % 5 = 0, 1; 7 messages), a busy call (2; 4), a registration (3; 4), an OPTIONS ping (4; 2). */
export function dialogMessages(prefix: string, n: number, startMicros: bigint): WireMessage[] {
  const callId = dialogCallId(prefix, n);
  const t0 = startMicros + BigInt(n) * 1000n;
  const caller = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const call = { callId, from: `+4930${String(n).padStart(7, '0')}`, to: dialogTo(n), t0, caller };
  switch (n % 5) {
    case 2:
      return callFlow({ ...call, failWith: [486, 'Busy Here'] });
    case 3:
      return registration(callId, `u${n}`, t0, caller);
    case 4:
      return optionsPing(callId, t0, caller);
    default:
      return callFlow(call);
  }
}

/** Index of the target the agent sends this Call-ID to while all are up (highest rendezvous score). */
export function pickTarget(callId: string, targets: HepTarget[]): number {
  const h = hash32(callId);
  let best = 0;
  let bestScore = -1;
  targets.forEach((t, i) => {
    const s = score(h, hash32(`${t.host}:${t.port}`));
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  return best;
}

function open(t: HepTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: t.host, port: t.port });
    s.setNoDelay(true);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends `rate` packets/s for `seconds` in 5 ms ticks over one TCP connection per target; resolves once all is handed to the kernel. */
export async function offerHepTcp(o: LoadOptions): Promise<LoadResult> {
  const socks = await Promise.all(o.targets.map(open));
  let failure: unknown = null;
  for (const s of socks) s.on('error', (err) => (failure ??= err));
  const startMicros = BigInt(Date.now()) * 1000n;
  const perCallId = new Map<string, number>();
  const perTarget = o.targets.map(() => 0);
  const total = Math.round(o.rate * o.seconds);
  let sent = 0;
  let dialogs = 0;
  let queue: { callId: string; target: number; packets: Buffer[] } | null = null;
  const begin = performance.now();
  const elapsed = () => (performance.now() - begin) / 1000;
  let held = 0; // seconds spent in hold()
  let holding = false;
  const hold = async <T>(fn: () => Promise<T>): Promise<T> => {
    const from = elapsed();
    holding = true;
    try {
      return await fn();
    } finally {
      holding = false;
      held += elapsed() - from;
    }
  };
  const side = o.during?.({ elapsed, sent: () => sent, startMicros, hold }).catch((err: unknown) => void (failure ??= err));
  while (sent < total && failure === null) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- hold() sets it while this loop awaits
    if (holding) {
      await sleep(5);
      continue;
    }
    const due = Math.min(total, Math.floor((elapsed() - held) * o.rate));
    const out: Buffer[][] = o.targets.map(() => []);
    while (sent < due) {
      if (!queue || queue.packets.length === 0) {
        const callId = dialogCallId(o.prefix, dialogs);
        const packets = dialogMessages(o.prefix, dialogs++, startMicros).map((m) => {
          const r = encodeHep(toHep(m), 3);
          if (!r.ok) throw new Error(`encodeHep: ${r.reason} ${r.detail}`);
          return r.value;
        });
        queue = { callId, target: pickTarget(callId, o.targets), packets };
      }
      out[queue.target]!.push(queue.packets.shift()!);
      perCallId.set(queue.callId, (perCallId.get(queue.callId) ?? 0) + 1);
      perTarget[queue.target]!++;
      sent++;
    }
    out.forEach((bufs, i) => bufs.length && socks[i]!.write(Buffer.concat(bufs)));
    await sleep(5);
  }
  const seconds = elapsed();
  await side;
  await Promise.all(socks.map((s) => new Promise<void>((r) => (s.destroyed ? r() : s.end(r)))));
  if (failure !== null) throw failure instanceof Error ? failure : new Error('the during() task failed', { cause: failure });
  return { sent, perCallId, perTarget, dialogs, startMicros, seconds };
}
