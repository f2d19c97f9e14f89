// The agent's metrics: every captured frame becomes SIP messages or a counted skip; every
// message is sent, held, or dropped with a reason; each capture node's health is a gauge.
import { Counter, Gauge, type Registry } from 'prom-client';

/** Counters and gauges of one agent, registered in its metrics registry. */
export class AgentCounters {
  readonly frames: Counter;
  readonly messages: Counter<'transport'>;
  readonly skipped: Counter<'reason'>;
  readonly sent: Counter<'target'>;
  readonly resent: Counter<'target'>;
  readonly dropped: Counter<'reason'>;
  readonly targetDown: Counter<'target'>;
  readonly targetUp: Gauge<'target'>;
  readonly buffered: Gauge;
  readonly tcpFlows: Gauge;
  readonly pcapReceived: Gauge;
  readonly pcapDropped: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.frames = new Counter({ name: 'siptrail_agent_frames_total', help: 'frames libpcap handed to the agent', registers });
    this.messages = new Counter({ name: 'siptrail_agent_messages_total', help: 'SIP messages decoded from the frames, by transport', labelNames: ['transport'], registers });
    this.skipped = new Counter({ name: 'siptrail_agent_skipped_total', help: 'frames or stream bytes that gave no SIP message, by reason', labelNames: ['reason'], registers });
    this.sent = new Counter({ name: 'siptrail_agent_sent_total', help: 'HEP messages handed to a capture node, by target', labelNames: ['target'], registers });
    this.resent = new Counter({ name: 'siptrail_agent_resent_total', help: 'HEP messages sent again to another node after their target failed, by failed target', labelNames: ['target'], registers });
    this.dropped = new Counter({ name: 'siptrail_agent_dropped_total', help: 'SIP messages lost, by reason (buffer-full, encode-error)', labelNames: ['reason'], registers });
    this.targetDown = new Counter({ name: 'siptrail_agent_target_down_total', help: 'times a capture node was found down, by target', labelNames: ['target'], registers });
    this.targetUp = new Gauge({ name: 'siptrail_agent_target_up', help: '1 while a capture node takes HEP, else 0', labelNames: ['target'], registers });
    this.buffered = new Gauge({ name: 'siptrail_agent_buffered', help: 'HEP messages held in memory waiting for a capture node', registers });
    this.tcpFlows = new Gauge({ name: 'siptrail_agent_tcp_flows', help: 'SIP-over-TCP flows being reassembled', registers });
    this.pcapReceived = new Gauge({ name: 'siptrail_agent_pcap_received', help: 'packets the kernel passed to libpcap (pcap_stats ps_recv)', registers });
    this.pcapDropped = new Gauge({ name: 'siptrail_agent_pcap_dropped', help: 'packets the kernel dropped for lack of buffer space (pcap_stats ps_drop)', registers });
  }
}
