// IP-in-IP (IPv4 protocol 4) mirrored SIP: decode to the inner endpoints and payload.

export { decodeIpip, type IpipPacket, type IpipReason } from './decode-ipip.js';
export { encodeIpip } from './encode-ipip.js';
