// Link-layer headers in front of an IP packet, by pcap link type (DLT/LINKTYPE value).
//
// EN10MB (1), Ethernet II, with any number of 802.1Q (0x8100) / 802.1ad (0x88a8) / 0x9100 tags:
//   0        6        12          14 (+4 per tag)
//   | dst 6 | src 6  | type 2 BE  | [TPID 2 | TCI 2]* | type 2 | IP ...
//   (a type <= 1500 is an 802.3 length: LLC, not IP)
// LINUX_SLL (113), 16 bytes:
//   | pkttype 2 | ARPHRD 2 | addrlen 2 | addr 8 | protocol 2 BE | IP ...
// LINUX_SLL2 (276), 20 bytes:
//   | protocol 2 BE | reserved 2 | ifindex 4 | ARPHRD 2 | pkttype 1 | addrlen 1 | addr 8 | IP ...
// RAW (101; 12 and 14 as on Linux): the frame is the IP packet; version nibble says 4 or 6.
// NULL (0): 4-byte address family in the *capturing host's* byte order; LOOP (108): same, BE.
//   AF_INET = 2; AF_INET6 = 10 (Linux), 24 (Net/OpenBSD), 28 (FreeBSD), 30 (Darwin).

import { fail, ok, type Result } from '../util/result.js';

/** Why a link-layer frame yielded no IP packet. */
export type LinkReason = 'truncated' | 'not-ip' | 'unsupported-link';

/** The IP packet inside a frame; `vlanId` is the outermost 802.1Q/ad VLAN id, if tagged. */
export type LinkPayload = { ipBuf: Buffer; vlanId?: number };

/** pcap link types understood by decodeLink. */
export const LinkType = {
  NULL: 0,
  EN10MB: 1,
  RAW_BSD12: 12,
  RAW_BSD14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  LINUX_SLL2: 276,
} as const;

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const VLAN_TPIDS = new Set([0x8100, 0x88a8, 0x9100]);
const AF_INET6 = new Set([10, 24, 28, 30]);

function byEthertype(type: number, data: Buffer, off: number, what: string): Result<LinkPayload, LinkReason> {
  if (type !== ETH_IPV4 && type !== ETH_IPV6) {
    return fail('not-ip', `${what} protocol 0x${type.toString(16).padStart(4, '0')} is not IPv4/IPv6`);
  }
  return ok({ ipBuf: data.subarray(off) });
}

function ethernet(data: Buffer): Result<LinkPayload, LinkReason> {
  if (data.length < 14) return fail('truncated', `ethernet frame of ${data.length} bytes < 14`);
  let off = 12;
  let type = data.readUInt16BE(off);
  let vlanId: number | undefined;
  // Each tag is 4 bytes, so the loop ends at the buffer's end at the latest.
  while (VLAN_TPIDS.has(type)) {
    if (data.length < off + 8) return fail('truncated', `VLAN tag at offset ${off} runs past ${data.length}-byte frame`);
    vlanId ??= data.readUInt16BE(off + 2) & 0x0fff;
    off += 4;
    type = data.readUInt16BE(off);
  }
  if (type <= 1500) return fail('not-ip', `802.3 length field ${type} (LLC frame), not an ethertype`);
  const r = byEthertype(type, data, off + 2, 'ethertype');
  if (r.ok && vlanId !== undefined) r.value.vlanId = vlanId;
  return r;
}

function rawIp(data: Buffer): Result<LinkPayload, LinkReason> {
  if (data.length < 1) return fail('truncated', 'empty raw-IP frame');
  const v = (data[0] ?? 0) >> 4;
  if (v !== 4 && v !== 6) return fail('not-ip', `raw frame starts with IP version ${v}`);
  return ok({ ipBuf: data });
}

function loopback(data: Buffer, bigEndianOnly: boolean): Result<LinkPayload, LinkReason> {
  if (data.length < 4) return fail('truncated', `loopback frame of ${data.length} bytes < 4`);
  let fam = bigEndianOnly ? data.readUInt32BE(0) : data.readUInt32LE(0);
  // DLT_NULL uses the writer's host order: a family > 0xffff means we read it the wrong way round.
  if (!bigEndianOnly && fam > 0xffff) fam = data.readUInt32BE(0);
  if (fam === 2 || AF_INET6.has(fam)) return ok({ ipBuf: data.subarray(4) });
  return fail('not-ip', `loopback address family ${fam} is not AF_INET/AF_INET6`);
}

/** Strips the link-layer header of a captured frame and returns the IP packet behind it. */
export function decodeLink(linkType: number, data: Buffer): Result<LinkPayload, LinkReason> {
  switch (linkType) {
    case LinkType.EN10MB:
      return ethernet(data);
    case LinkType.LINUX_SLL:
      if (data.length < 16) return fail('truncated', `Linux SLL frame of ${data.length} bytes < 16`);
      return byEthertype(data.readUInt16BE(14), data, 16, 'SLL');
    case LinkType.LINUX_SLL2:
      if (data.length < 20) return fail('truncated', `Linux SLL2 frame of ${data.length} bytes < 20`);
      return byEthertype(data.readUInt16BE(0), data, 20, 'SLL2');
    case LinkType.RAW:
    case LinkType.RAW_BSD12:
    case LinkType.RAW_BSD14:
      return rawIp(data);
    case LinkType.NULL:
      return loopback(data, false);
    case LinkType.LOOP:
      return loopback(data, true);
    default:
      return fail('unsupported-link', `link type ${linkType} is not supported`);
  }
}
