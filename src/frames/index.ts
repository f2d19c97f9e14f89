// The frames stage: captured frames -> link -> IP (fragments) -> UDP | TCP (stream
// reassembly) | IP-in-IP (once round again) -> whole SIP messages with their endpoints.
// Pure decoders over Buffer, bounded stateful reassembly, test encoders, and the libpcap source.

export { sipCallId } from './call-id.js';
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
export { encodeIpip } from './encode-ipip.js';
export { fragmentIpv4, type FragmentBuildReason } from './fragment.js';
export { decodeFrame, type DecodedFrame, type FrameReason } from './frame.js';
export { decodeIp, isFragment, type IpDatagram, type IpReason } from './ip.js';
export { decodeIpip, decodeIpipInner, isIpip, type IpipPacket, type IpipReason } from './ipip.js';
export { decodeLink, LinkType, type LinkPayload, type LinkReason } from './link.js';
export { Ipv4Reassembler, type FragmentReason, type ReassemblyOptions, type ReassemblyStats } from './reassembler.js';
export { SipFrameDecoder, type SipFrameOptions, type SipPacket, type SkipReason, type TransportPacket } from './sip-frames.js';
export { SipTcpStreams, type SipTcpStreamOptions, type StreamLossReason, type StreamMessage } from './sip-tcp-streams.js';
export { decodeTcp, TcpFlag, type TcpReason, type TcpSegment } from './tcp.js';
export { decodeUdp, type UdpDatagram, type UdpReason } from './udp.js';
