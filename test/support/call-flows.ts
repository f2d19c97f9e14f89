// Realistic SIP traffic for tests and benches: whole call flows (INVITE/100/180/200/ACK/
// BYE/200), registrations (REGISTER/401/REGISTER/200) and OPTIONS pings, as the packets
// a capture node would see between a caller, a proxy and a callee.
import type { HepPacket } from '../../src/hep/index.js';

/** One message on the wire: who sent it to whom, when, and the SIP text. */
export interface WireMessage {
  tsMicros: bigint;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  sip: string;
}

/** Parameters of one generated call. */
export interface CallSpec {
  callId: string;
  from: string;
  to: string;
  t0: bigint;
  caller?: string;
  callee?: string;
  /** Extra header lines added to the INVITE (e.g. "X-CID: other-leg"). */
  extraHeaders?: string[];
  /** Final response instead of 200 (e.g. 486 Busy Here): no ACK/BYE exchange then. */
  failWith?: [number, string];
}

const sdp = (ip: string) =>
  ['v=0', `o=- 1 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', 'm=audio 40000 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', ''].join('\r\n');

function msg(start: string, headers: string[], body = ''): string {
  return `${start}\r\n${headers.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The messages of one call between caller and callee, in time order. */
export function callFlow(s: CallSpec): WireMessage[] {
  const a = s.caller ?? '10.0.0.1';
  const b = s.callee ?? '10.0.0.2';
  const ftag = `ft${s.callId.length}${s.from.slice(-3)}`;
  const ttag = `tt${s.to.slice(-4)}`;
  const branch = `z9hG4bK-${s.callId.slice(0, 12)}`;
  const common = (cseq: string, withToTag: boolean) => [
    `Via: SIP/2.0/UDP ${a}:5060;branch=${branch}`,
    `From: "Caller" <sip:${s.from}@${a}>;tag=${ftag}`,
    `To: <sip:${s.to}@${b}>${withToTag ? `;tag=${ttag}` : ''}`,
    `Call-ID: ${s.callId}`,
    `CSeq: ${cseq}`,
  ];
  const out: WireMessage[] = [];
  let t = s.t0;
  const add = (fromA: boolean, sip: string, dtMicros: bigint) => {
    t += dtMicros;
    out.push({ tsMicros: t, src: fromA ? a : b, srcPort: 5060, dst: fromA ? b : a, dstPort: 5060, sip });
  };
  add(true, msg(`INVITE sip:${s.to}@${b} SIP/2.0`, [...common('1 INVITE', false), 'Max-Forwards: 70', `Contact: <sip:${s.from}@${a}:5060>`, `P-Asserted-Identity: <sip:${s.from}@${a}>`, 'User-Agent: siptrail-test/1.0', 'Content-Type: application/sdp', ...(s.extraHeaders ?? [])], sdp(a)), 0n);
  add(false, msg('SIP/2.0 100 Trying', common('1 INVITE', false)), 1_500n);
  if (s.failWith) {
    add(false, msg(`SIP/2.0 ${s.failWith[0]} ${s.failWith[1]}`, [...common('1 INVITE', true), 'Server: siptrail-test-uas']), 800_000n);
    add(true, msg(`ACK sip:${s.to}@${b} SIP/2.0`, [...common('1 ACK', true), 'Max-Forwards: 70']), 2_000n);
    return out;
  }
  add(false, msg('SIP/2.0 180 Ringing', [...common('1 INVITE', true), `Contact: <sip:${s.to}@${b}:5060>`]), 300_000n);
  add(false, msg('SIP/2.0 200 OK', [...common('1 INVITE', true), `Contact: <sip:${s.to}@${b}:5060>`, 'Content-Type: application/sdp'], sdp(b)), 4_000_000n);
  add(true, msg(`ACK sip:${s.to}@${b}:5060 SIP/2.0`, [...common('1 ACK', true), 'Max-Forwards: 70']), 20_000n);
  add(true, msg(`BYE sip:${s.to}@${b}:5060 SIP/2.0`, [...common('2 BYE', true), 'Max-Forwards: 70']), 30_000_000n);
  add(false, msg('SIP/2.0 200 OK', common('2 BYE', true)), 15_000n);
  return out;
}

/** REGISTER / 401 / REGISTER with credentials / 200 of one user. */
export function registration(callId: string, user: string, t0: bigint, ua = '10.0.0.7', registrar = '10.0.0.2'): WireMessage[] {
  const h = (cseq: number) => [`Via: SIP/2.0/UDP ${ua}:5060;branch=z9hG4bK-r${cseq}${user}`, `From: <sip:${user}@example.net>;tag=r${user}`, `To: <sip:${user}@example.net>`, `Call-ID: ${callId}`, `CSeq: ${cseq} REGISTER`, `Contact: <sip:${user}@${ua}:5060>`, 'Expires: 3600'];
  const m = (ts: bigint, fromUa: boolean, sip: string): WireMessage => ({ tsMicros: ts, src: fromUa ? ua : registrar, srcPort: 5060, dst: fromUa ? registrar : ua, dstPort: 5060, sip });
  return [
    m(t0, true, msg('REGISTER sip:example.net SIP/2.0', h(1))),
    m(t0 + 2_000n, false, msg('SIP/2.0 401 Unauthorized', [...h(1), 'WWW-Authenticate: Digest realm="example.net", nonce="abc123", algorithm=MD5'])),
    m(t0 + 10_000n, true, msg('REGISTER sip:example.net SIP/2.0', [...h(2), `Authorization: Digest username="${user}", realm="example.net", nonce="abc123", uri="sip:example.net", response="0123456789abcdef0123456789abcdef"`])),
    m(t0 + 12_000n, false, msg('SIP/2.0 200 OK', h(2))),
  ];
}

/** An OPTIONS keep-alive and its 200. */
export function optionsPing(callId: string, t0: bigint, from = '10.0.0.3', to = '10.0.0.2'): WireMessage[] {
  const h = [`Via: SIP/2.0/UDP ${from}:5060;branch=z9hG4bK-o${callId.slice(0, 8)}`, `From: <sip:ping@${from}>;tag=o1`, `To: <sip:${to}>`, `Call-ID: ${callId}`, 'CSeq: 1 OPTIONS'];
  return [
    { tsMicros: t0, src: from, srcPort: 5060, dst: to, dstPort: 5060, sip: msg(`OPTIONS sip:${to} SIP/2.0`, [...h, 'Max-Forwards: 70']) },
    { tsMicros: t0 + 900n, src: to, srcPort: 5060, dst: from, dstPort: 5060, sip: msg('SIP/2.0 200 OK', h) },
  ];
}

/** The HEP packet a capture agent would send for a wire message. */
export function toHep(m: WireMessage, extra: Partial<HepPacket> = {}): HepPacket {
  return {
    version: 3, family: m.src.includes(':') ? 6 : 4, ipProtocol: 17, srcIp: m.src, dstIp: m.dst, srcPort: m.srcPort, dstPort: m.dstPort,
    tsSec: Number(m.tsMicros / 1_000_000n), tsUsec: Number(m.tsMicros % 1_000_000n), captureId: 2001, protoType: 1,
    payload: Buffer.from(m.sip), compressed: false, unknownChunks: [], flags: [], ...extra,
  };
}
