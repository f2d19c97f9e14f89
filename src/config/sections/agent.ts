// The `agent` section: libpcap capture on a host without HEP, sent as HEP to capture nodes.
import { bool, hostPort, int, list, oneOf, section, text } from '../section.js';

/** The capture agent: what it captures, where it sends it, failover and TCP reassembly limits. */
export const agentSection = section({
  name: 'agent',
  help: 'the capture agent: libpcap capture sent as HEP to capture nodes',
  keys: {
    interface: text({ nonEmpty: true, default: 'any', help: 'network interface the agent captures SIP on with libpcap (any: every interface)' }),
    filter: text({ nonEmpty: true, default: 'port 5060', help: 'BPF filter selecting the SIP traffic the agent captures' }),
    targets: list({ item: 'hostport', default: ['127.0.0.1:9060'], help: 'capture nodes the agent sends HEP to (host:port, comma separated); one call goes to one node' }),
    transport: oneOf({ values: ['udp', 'tcp'], default: 'udp', help: 'HEP transport of the agent; tcp notices a dead capture node at once, udp through agent.probe' }),
    hepVersion: int({ min: 1, max: 3, default: 3, help: 'HEP version the agent sends (1 and 2: UDP only, without auth key, node name or compression)' }),
    captureId: int({ min: 0, max: 4_294_967_295, default: 2001, help: 'capture agent id sent with every packet (HEP2: at most 65535)' }),
    nodeName: text({ default: '', help: 'node name sent with every packet (empty: the host name)' }),
    authKey: text({ default: '', help: 'HEP auth key sent with every packet (empty: none)' }),
    compress: bool({ default: false, help: 'send SIP payloads zlib-compressed (HEP3 chunk 0x0010)' }),
    probe: oneOf({ values: ['tcp', 'none'], default: 'tcp', help: 'health check of UDP targets: tcp connects to the target host:port (the HEP TCP listener) every probeIntervalMs; none: always up' }),
    probeIntervalMs: int({ min: 100, max: 60_000, default: 1000, help: 'interval of the UDP health probe and of TCP reconnect attempts' }),
    resendMs: int({ min: 0, max: 60_000, default: 3000, help: 'on failover, HEP sent to the failed node this recently is sent again to the next node (the store folds the copies)' }),
    bufferPackets: int({ min: 100, max: 10_000_000, default: 100_000, help: 'HEP messages held while no capture node takes them; beyond it the oldest are dropped and counted' }),
    tcpMaxFlows: int({ min: 1, max: 1_000_000, default: 10_000, help: 'SIP-over-TCP connections followed at once; the least recently active is dropped first' }),
    tcpMaxFlowBytes: int({ min: 1500, max: 16_777_216, default: 262_144, help: 'bytes held per SIP-over-TCP connection while a message is incomplete' }),
    tcpFlowTimeoutSec: int({ min: 1, max: 86_400, default: 300, help: 'a SIP-over-TCP connection idle this long is forgotten' }),
    httpListen: hostPort({ default: '0.0.0.0:8081', help: 'address of the agent\'s /health and /metrics' }),
  },
});
