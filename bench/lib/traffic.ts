// An endless, realistic HEP3 packet stream for load generation: call flows
// (INVITE/100/180/200/ACK/BYE/200), registrations (REGISTER/401/REGISTER/200) and OPTIONS
// pings, each message a unique packet (own Call-IDs, own microsecond timestamps).
import { encodeHep } from '../../src/hep/index.js';
import { callFlow, optionsPing, registration, toHep, type WireMessage } from '../../test/support/call-flows.js';

/** Yields encoded HEP3 datagrams forever; `prefix` keeps the Call-IDs of separate runs apart. */
export function* hepTraffic(prefix: string, startMicros: bigint): Generator<Buffer> {
  let n = 0;
  for (;;) {
    const t = startMicros + BigInt(n) * 1000n;
    const a = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    const msgs: WireMessage[] = [
      ...callFlow({ callId: `${prefix}-c${n}`, from: `+4930${String(n).padStart(7, '0')}`, to: `0211${String(n % 100000).padStart(6, '0')}`, t0: t, caller: a }),
      ...registration(`${prefix}-r${n}`, `u${n}`, t + 100n),
      ...optionsPing(`${prefix}-o${n}`, t + 200n),
    ];
    for (const m of msgs) {
      const r = encodeHep(toHep(m), 3);
      if (!r.ok) throw new Error(`encodeHep: ${r.detail}`);
      yield r.value;
    }
    n++;
  }
}
