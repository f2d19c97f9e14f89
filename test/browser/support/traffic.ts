// Fixture traffic for the browser suites, built from the shared call-flow generator: a call
// through a B2BUA that fails with 486 on the B-leg, and a long call of 200 messages.
import { callFlow, type WireMessage } from '../../support/call-flows.js';

/** Hosts of the B2B call: caller, SBC (the B2BUA), callee. */
export const CALLER = '10.0.0.1';
export const SBC = '10.0.0.2';
export const CALLEE = '10.0.0.3';

/**
 * Caller -> SBC (A-leg) and SBC -> callee (B-leg, linked by X-CID); the callee answers 486,
 * the SBC relays it. Arrows in time order (label, leg, from, to) are in `expected`.
 */
export function failedB2bCall(aCallId: string, bCallId: string, from: string, to: string, t0: bigint): { messages: WireMessage[]; expected: Array<[string, number, string, string]> } {
  const [aInv, a100, a486, aAck] = callFlow({ callId: aCallId, from, to, t0, caller: CALLER, callee: SBC, failWith: [486, 'Busy Here'] });
  const [bInv, b100, b486, bAck] = callFlow({ callId: bCallId, from, to, t0, caller: SBC, callee: CALLEE, failWith: [486, 'Busy Here'], extraHeaders: [`X-CID: ${aCallId}`] });
  const at = (m: WireMessage | undefined, dt: bigint): WireMessage => ({ ...m!, tsMicros: t0 + dt });
  const messages = [at(aInv, 0n), at(a100, 1_000n), at(bInv, 2_500n), at(b100, 4_000n), at(b486, 2_800_000n), at(bAck, 2_801_200n), at(a486, 2_803_000n), at(aAck, 2_805_000n)];
  const a = `${CALLER}:5060`;
  const s = `${SBC}:5060`;
  const c = `${CALLEE}:5060`;
  return {
    messages,
    expected: [
      ['INVITE', 0, a, s], ['100 Trying', 0, s, a], ['INVITE', 1, s, c], ['100 Trying', 1, c, s],
      ['486 Busy Here', 1, c, s], ['ACK', 1, s, c], ['486 Busy Here', 0, s, a], ['ACK', 0, a, s],
    ],
  };
}

/** A call of exactly `total` messages: set-up, INFO/200 pairs in the dialog, tear-down. */
export function longCall(callId: string, t0: bigint, total = 200): WireMessage[] {
  const [inv, c100, c180, c200, ack, bye, bye200] = callFlow({ callId, from: '+4930999', to: '0211777', t0 });
  const head = [inv!, c100!, c180!, c200!, ack!];
  const pairs = Math.floor((total - head.length - 2) / 2);
  const info = (n: number): WireMessage[] => {
    const cseq = n + 2;
    const t = ack!.tsMicros + BigInt(n + 1) * 100_000n;
    const via = `Via: SIP/2.0/UDP ${ack!.src}:5060;branch=z9hG4bK-info${n}`;
    const common = [via, `From: "Caller" <sip:+4930999@${ack!.src}>;tag=ftl`, `To: <sip:0211777@${ack!.dst}>;tag=ttl`, `Call-ID: ${callId}`, `CSeq: ${cseq} INFO`];
    const body = `Signal=${n % 10}\r\nDuration=160\r\n`;
    return [
      { ...ack!, tsMicros: t, sip: `INFO sip:0211777@${ack!.dst}:5060 SIP/2.0\r\n${common.join('\r\n')}\r\nContent-Type: application/dtmf-relay\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
      { ...ack!, src: ack!.dst, dst: ack!.src, tsMicros: t + 2_000n, sip: `SIP/2.0 200 OK\r\n${common.join('\r\n')}\r\nContent-Length: 0\r\n\r\n` },
    ];
  };
  const middle = Array.from({ length: pairs }, (_, n) => info(n)).flat();
  const end = middle.at(-1)!.tsMicros;
  const out = [...head, ...middle, { ...bye!, tsMicros: end + 1_000_000n }, { ...bye200!, tsMicros: end + 1_010_000n }];
  // An odd remainder: one OPTIONS inside the call keeps the count exact.
  if (out.length < total) out.splice(5, 0, { ...ack!, tsMicros: ack!.tsMicros + 50_000n, sip: ack!.sip.replace(/^ACK /, 'OPTIONS ').replace('1 ACK', '1 OPTIONS') });
  return out;
}
