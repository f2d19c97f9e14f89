// Packet-layer decoders and encoders: link -> IP -> UDP/TCP, fragment reassembly, synthetic packets.

export { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './addr.js';
export { internetChecksum } from './checksum.js';
export {
  encodeEthernet,
  encodeIpPacket,
  encodeIpv4,
  encodeIpv4Tcp,
  encodeIpv4Udp,
  encodeIpv6Tcp,
  encodeIpv6Udp,
  type EncodeReason,
  type TcpPacketSpec,
  type UdpPacketSpec,
} from './encode.js';
export { fragmentIpv4, type FragmentBuildReason } from './fragment.js';
export { decodeFrame, type DecodedFrame, type FrameReason } from './frame.js';
export { decodeIp, isFragment, type IpDatagram, type IpReason } from './ip.js';
export { decodeLink, LinkType, type LinkPayload, type LinkReason } from './link.js';
export { Ipv4Reassembler, type FragmentReason, type ReassemblyOptions, type ReassemblyStats } from './reassembler.js';
export { decodeTcp, TcpFlag, type TcpReason, type TcpSegment } from './tcp.js';
export { decodeUdp, type UdpDatagram, type UdpReason } from './udp.js';
