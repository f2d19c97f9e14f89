// An endless, realistic HEP3 packet stream for load generation: call flows
// (INVITE/100/180/200/ACK/BYE/200), registrations (REGISTER/401/REGISTER/200) and OPTIONS
// pings, each message a unique packet (own Call-IDs, own microsecond timestamps).
import { encodeHep } from '../../src/hep/index.js';
import { callFlow, optionsPing, registration, toHep, type WireMessage } from '../../test/support/call-flows.js';

/** The messages of dialog group `n` (one call, one registration, one ping), in send order. */
export function dialogGroup(prefix: string, n: number, startMicros: bigint): WireMessage[] {
  const t = startMicros + BigInt(n) * 1000n;
  const a = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  return [
    ...callFlow({ callId: `${prefix}-c${n}`, from: `+4930${String(n).padStart(7, '0')}`, to: `0211${String(n % 100000).padStart(6, '0')}`, t0: t, caller: a }),
    ...registration(`${prefix}-r${n}`, `u${n}`, t + 100n),
    ...optionsPing(`${prefix}-o${n}`, t + 200n),
  ];
}

/** Call-IDs of dialog group `n` with how many packets each has and the first packet's time. */
export function dialogCallIds(prefix: string, n: number, startMicros: bigint): { callId: string; packets: number; tsMicros: bigint }[] {
  const out = new Map<string, { callId: string; packets: number; tsMicros: bigint }>();
  for (const m of dialogGroup(prefix, n, startMicros)) {
    const callId = /^Call-ID: (.+)$/m.exec(m.sip)?.[1]?.trim();
    if (callId === undefined) throw new Error('a generated message has no Call-ID');
    const e = out.get(callId);
    if (e) e.packets++;
    else out.set(callId, { callId, packets: 1, tsMicros: m.tsMicros });
  }
  return [...out.values()];
}

/** Packets in one dialog group. */
export const PACKETS_PER_GROUP = dialogGroup('x', 0, 0n).length;

/** Yields encoded HEP3 datagrams forever; `prefix` keeps the Call-IDs of separate runs apart. */
export function* hepTraffic(prefix: string, startMicros: bigint): Generator<Buffer> {
  for (const [packet] of keyedHepTraffic(prefix, startMicros)) yield packet;
}

/** Like hepTraffic, with each datagram's group number: an agent-like sender keeps one group on one capture node. */
export function* keyedHepTraffic(prefix: string, startMicros: bigint): Generator<[Buffer, number]> {
  for (let n = 0; ; n++) {
    for (const m of dialogGroup(prefix, n, startMicros)) {
      const r = encodeHep(toHep(m), 3);
      if (!r.ok) throw new Error(`encodeHep: ${r.detail}`);
      yield [r.value, n];
    }
  }
}
