// Frames of every link type the agent meets, down to SIP messages with their endpoints:
// Ethernet, 802.1Q VLAN, Linux SLL (any), SLL2, IPv4 fragments, IPv6 TCP, IP-in-IP; and
// what is skipped (ARP, RTP, keep-alives) with its reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeEthernet, encodeIpPacket, encodeIpv4Udp, fragmentIpv4, LinkType, TcpFlag } from './index.js';
import { encodeIpip } from './encode-ipip.js';
import { SipFrameDecoder } from './sip-frames.js';

const sip = (callId: string, extra = '') => Buffer.from(`OPTIONS sip:b@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`);
const tcpOpts = { maxFlows: 10, maxFlowBytes: 65536, timeoutMs: 60_000 };

function ip(transport: 'udp' | 'tcp', src: string, dst: string, payload: Buffer, more: { seq?: number; flags?: number; id?: number } = {}): Buffer {
  const r = encodeIpPacket(transport, { src, dst, srcPort: 5060, dstPort: 5070, payload, ...more });
  assert.ok(r.ok);
  return r.value;
}

function decoder(): { d: SipFrameDecoder; skips: string[] } {
  const skips: string[] = [];
  return { d: new SipFrameDecoder(tcpOpts, (r) => skips.push(r)), skips };
}

function vlan(eth: Buffer, id: number): Buffer {
  const tag = Buffer.from([0x81, 0x00, (id >> 8) & 0x0f, id & 0xff]);
  return Buffer.concat([eth.subarray(0, 12), tag, eth.subarray(12)]);
}

function sll(ipBuf: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // to us
  h.writeUInt16BE(1, 2); // ARPHRD_ETHER
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(0x0800, 14);
  return Buffer.concat([h, ipBuf]);
}

function sll2(ipBuf: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(0x86dd, 0);
  h.writeUInt32BE(2, 4);
  h.writeUInt16BE(1, 8);
  return Buffer.concat([h, ipBuf]);
}

describe('SipFrameDecoder', () => {
  test('Ethernet, VLAN-tagged Ethernet, Linux SLL and SLL2 frames give the message with its endpoints and time', () => {
    const { d, skips } = decoder();
    const v4 = ip('udp', '10.0.0.1', '10.0.0.2', sip('eth@x'));
    const [a] = d.frame(LinkType.EN10MB, encodeEthernet(v4, 4), 1_000_000_123n);
    assert.deepEqual({ ...a!, payload: a!.payload.toString() }, { tsMicros: 1_000_000_123n, family: 4, ipProtocol: 17, srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5070, payload: sip('eth@x').toString(), callId: 'eth@x' });
    assert.equal(d.frame(LinkType.EN10MB, vlan(encodeEthernet(ip('udp', '10.0.0.1', '10.0.0.2', sip('vlan@x')), 4), 42), 1n)[0]?.callId, 'vlan@x');
    assert.equal(d.frame(LinkType.LINUX_SLL, sll(ip('udp', '10.0.0.1', '10.0.0.2', sip('sll@x'))), 1n)[0]?.callId, 'sll@x');
    const six = d.frame(LinkType.LINUX_SLL2, sll2(ip('udp', '2001:db8::1', '2001:db8::2', sip('sll2@x'))), 1n)[0]!;
    assert.deepEqual([six.callId, six.family, six.srcIp, six.dstIp], ['sll2@x', 6, '2001:db8::1', '2001:db8::2']);
    assert.deepEqual(skips, []);
  });

  test('IPv4 fragments are reassembled: the last fragment yields the whole INVITE', () => {
    const { d } = decoder();
    const big = sip('frag@x', `X-Pad: ${'p'.repeat(3000)}\r\n`);
    const whole = encodeIpv4Udp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, payload: big, id: 77 });
    assert.ok(whole.ok);
    const frags = fragmentIpv4(whole.value, 1480);
    assert.ok(frags.ok && frags.value.length === 3);
    const out = frags.value.reverse().flatMap((f) => d.frame(LinkType.RAW, f, 5n));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.payload.toString(), big.toString());
  });

  test('SIP over IPv6 TCP: two messages in one segment and one split over three', () => {
    const { d } = decoder();
    const m = [sip('t1@x'), sip('t2@x'), sip('t3@x')];
    const stream = Buffer.concat(m);
    const cut = m[0]!.length + m[1]!.length;
    const segs = [
      { seq: 100, flags: TcpFlag.SYN, payload: Buffer.alloc(0) },
      { seq: 101, flags: TcpFlag.ACK | TcpFlag.PSH, payload: stream.subarray(0, cut) },
      { seq: 101 + cut, flags: TcpFlag.ACK, payload: stream.subarray(cut, cut + 10) },
      { seq: 101 + cut + 10, flags: TcpFlag.ACK, payload: stream.subarray(cut + 10, cut + 50) },
      { seq: 101 + cut + 50, flags: TcpFlag.ACK | TcpFlag.PSH, payload: stream.subarray(cut + 50) },
    ];
    const out = segs.flatMap((s, i) => d.frame(LinkType.EN10MB, encodeEthernet(ip('tcp', '2001:db8::1', '2001:db8::2', s.payload, s), 6), BigInt(i)));
    assert.deepEqual(out.map((p) => [p.callId, p.ipProtocol, p.tsMicros]), [['t1@x', 6, 1n], ['t2@x', 6, 1n], ['t3@x', 6, 4n]]);
  });

  test('IP-in-IP: the inner endpoints, not the mirror\'s', () => {
    const { d } = decoder();
    const inner = ip('udp', '192.0.2.10', '198.51.100.20', sip('ipip@x'));
    const outer = encodeIpip('10.9.9.1', '10.9.9.2', inner);
    assert.ok(outer.ok);
    const [p] = d.frame(LinkType.EN10MB, encodeEthernet(outer.value, 4), 9n);
    assert.deepEqual([p?.srcIp, p?.dstIp, p?.callId], ['192.0.2.10', '198.51.100.20', 'ipip@x']);
  });

  test('IP-in-IP with an inner IPv6 packet (protocol 41), and ipipOnly, which skips what is not IP-in-IP', () => {
    const skips: string[] = [];
    const d = new SipFrameDecoder(tcpOpts, (r) => skips.push(r), { ipipOnly: true });
    const outer = encodeIpip('10.9.9.1', '10.9.9.2', ip('udp', '::ffff:192.0.2.10', '2001:db8::20', sip('six@x')));
    assert.ok(outer.ok);
    const [p] = d.frame(LinkType.RAW, outer.value, 9n);
    assert.deepEqual([p?.family, p?.srcIp, p?.dstIp, p?.outerSrc, p?.callId], [6, '::ffff:192.0.2.10', '2001:db8::20', '10.9.9.1', 'six@x']);
    assert.deepEqual(d.frame(LinkType.RAW, ip('udp', '10.0.0.1', '10.0.0.2', sip('plain@x')), 1n), []);
    assert.deepEqual(skips, ['ipip-not-ipip']);
  });

  test('what is not SIP is skipped with a reason', () => {
    const { d, skips } = decoder();
    const arp = Buffer.alloc(42);
    arp.writeUInt16BE(0x0806, 12);
    d.frame(LinkType.EN10MB, arp, 1n);
    d.frame(LinkType.RAW, ip('udp', '10.0.0.1', '10.0.0.2', Buffer.from([0x80, 0x08, 0x01, 0x02, 0, 0, 0, 0, 1, 2, 3, 4])), 1n);
    d.frame(LinkType.RAW, ip('udp', '10.0.0.1', '10.0.0.2', Buffer.from('\r\n\r\n')), 1n);
    d.frame(LinkType.RAW, ip('udp', '10.0.0.1', '10.0.0.2', Buffer.from('INVITE sip:x SIP/2.0\r\n\r\n')), 1n);
    d.frame(999, Buffer.alloc(40), 1n);
    assert.deepEqual(skips, ['not-ip', 'sip-not-sip', 'keepalive', 'sip-no-call-id', 'unsupported-link']);
  });

  test('a udpTap sees UDP datagrams first (import hands HEP to the capture ingest)', () => {
    const tapped: string[] = [];
    const d = new SipFrameDecoder(tcpOpts, () => {}, { udpTap: (f) => (f.payload.subarray(0, 4).toString() === 'HEP3' ? (tapped.push(f.ip.src), true) : false) });
    assert.deepEqual(d.frame(LinkType.RAW, ip('udp', '10.0.0.7', '10.0.0.2', Buffer.from('HEP3....')), 1n), []);
    assert.equal(d.frame(LinkType.RAW, ip('udp', '10.0.0.1', '10.0.0.2', sip('after-tap@x')), 1n).length, 1);
    assert.deepEqual(tapped, ['10.0.0.7']);
  });
});
