// SIP over TCP, put back together per flow (one direction of one connection) from captured
// segments and cut into whole messages by Content-Length (splitSipMessages).
//
//   segments:  [seq s ..... ) [s+n ........ )  [s+n+m ..... )     (any order, repeats)
//   stream:    |INVITE ... Content-Length: 129 CRLF CRLF <129 bytes>|SIP/2.0 100 ...|
//              '----------------- one message ---------------------'
//
// Sequence numbers compare modulo 2^32. A repeat is trimmed to its new bytes; a segment
// ahead of the expected one waits (bounded) for the gap to fill. A flow seen without its
// SYN, or after a gap that never filled, is resynchronised on the next SIP start line.
// Bounds: maxFlowBytes per flow (in order + waiting), maxFlows flows, maxTotalBytes over all
// flows (least recently active flow dropped first), and an idle timeout. Every loss is
// reported through `onLoss` with a reason (once per event, with the bytes it cost);
// nothing here logs or throws.
import { splitSipMessages } from '../sip/index.js';
import { findHeaderEnd, messageEnd, skipLineEnds } from '../sip/split.js';
import { TcpFlag } from './tcp.js';

/** Why stream bytes were lost or skipped. */
export type StreamLossReason = 'tcp-gap' | 'tcp-overflow' | 'tcp-resync' | 'tcp-evicted' | 'tcp-expired' | 'tcp-incomplete';

/** Limits of the reassembler. */
export interface SipTcpStreamOptions {
  maxFlows: number;
  maxFlowBytes: number;
  timeoutMs: number;
  /** Bytes held over all flows (default 64 MiB). */
  maxTotalBytes?: number;
}

/** One complete SIP message out of a stream, with the capture time of its last segment. */
export interface StreamMessage {
  payload: Buffer;
  tsMicros: bigint;
}

type Waiting = { seq: number; data: Buffer };
type Flow = {
  next: number;
  buf: Buffer;
  waiting: Waiting[];
  waitingBytes: number;
  /** True when buf starts at a message boundary. */
  synced: boolean;
  /** True when buf starts at a line start (a segment start counts as one): a start line may begin there. */
  lineStart: boolean;
  /** Bytes of an oversized message still to pass over. */
  skip: number;
  lastMs: number;
  /** Storage buf is a prefix view of, grown by doubling, so appends cost their own bytes only. */
  store: Buffer;
  /** End of the message at buf's start once its header is read (its body still coming); -1 unknown. */
  need: number;
  /** Where to look on for the header's end (what came before has none). */
  headScan: number;
};

/** Sets a flow's buffer to new bytes (not an append): what was known about its first message is forgotten. */
function setBuf(flow: Flow, buf: Buffer): void {
  flow.buf = buf;
  flow.store = buf;
  flow.need = -1;
  flow.headScan = 0;
}

/** Most segments held ahead of a gap per flow. */
const MAX_WAITING = 64;
/** A start line: a request line ending in SIP/2.0, or a status line. */
const START_LINE_SRC = '[A-Za-z]+ [^ \\r\\n]+ SIP\\/2\\.0\\r?\\n|SIP\\/2\\.0 \\d{3}[ \\r\\n]';
const START_LINE_HERE = new RegExp(`^(?:${START_LINE_SRC})`);
const START_LINE_AFTER_LF = new RegExp(`\\n(?=${START_LINE_SRC})`);
/** Longest line kept while looking for a start line. */
const MAX_PARTIAL_LINE = 8192;

/** Signed distance a - b in sequence space. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** Reassembles SIP messages from TCP segments of many flows, within fixed bounds. */
export class SipTcpStreams {
  private readonly flows = new Map<string, Flow>();
  private bytes = 0;
  private readonly maxTotal: number;

  constructor(private readonly opt: SipTcpStreamOptions, private readonly onLoss: (reason: StreamLossReason, bytes: number) => void = () => {}) {
    this.maxTotal = opt.maxTotalBytes ?? 64 * 1024 * 1024;
  }

  /** Flows followed now. */
  get size(): number {
    return this.flows.size;
  }

  /** Bytes held now over all flows. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Feeds one segment of flow `key`; returns the messages it completes. */
  push(key: string, seg: { seq: number; flags: number; payload: Buffer }, tsMicros: bigint, nowMs: number): StreamMessage[] {
    let flow = this.flows.get(key);
    if (seg.flags & TcpFlag.RST) {
      if (flow) this.drop(key, flow, 'tcp-incomplete');
      return [];
    }
    if (seg.flags & TcpFlag.SYN) {
      if (flow) this.drop(key, flow, 'tcp-incomplete');
      this.insert(key, { next: (seg.seq + 1) >>> 0, buf: Buffer.alloc(0), waiting: [], waitingBytes: 0, synced: true, lineStart: true, skip: 0, lastMs: nowMs, store: Buffer.alloc(0), need: -1, headScan: 0 });
      return [];
    }
    const fin = (seg.flags & TcpFlag.FIN) !== 0;
    if (seg.payload.length === 0 && !fin) return [];
    if (!flow) {
      if (seg.payload.length === 0) return [];
      flow = { next: seg.seq >>> 0, buf: Buffer.alloc(0), waiting: [], waitingBytes: 0, synced: false, lineStart: true, skip: 0, lastMs: nowMs, store: Buffer.alloc(0), need: -1, headScan: 0 };
      this.insert(key, flow);
    } else {
      // Most recently active last: eviction takes the first entry.
      this.flows.delete(key);
      this.flows.set(key, flow);
      flow.lastMs = nowMs;
    }
    const before = flow.buf.length + flow.waitingBytes;
    this.accept(flow, seg.seq >>> 0, seg.payload);
    const out = this.extract(flow, tsMicros);
    this.bytes += flow.buf.length + flow.waitingBytes - before;
    if (fin && flow.waiting.length === 0) this.drop(key, flow, 'tcp-incomplete');
    this.enforceTotal(key);
    return out;
  }

  /** Forgets flows idle for longer than the timeout. */
  expire(nowMs: number): void {
    for (const [key, flow] of this.flows) {
      if (nowMs - flow.lastMs < this.opt.timeoutMs) break;
      this.drop(key, flow, 'tcp-expired');
    }
  }

  private insert(key: string, flow: Flow): void {
    while (this.flows.size >= this.opt.maxFlows) {
      const [oldKey, old] = this.flows.entries().next().value as [string, Flow];
      this.drop(oldKey, old, 'tcp-evicted');
    }
    this.flows.set(key, flow);
  }

  private drop(key: string, flow: Flow, reason: StreamLossReason): void {
    const held = flow.buf.length + flow.waitingBytes;
    this.flows.delete(key);
    this.bytes -= held;
    if (held > 0) this.onLoss(reason, held);
  }

  private enforceTotal(keep: string): void {
    for (const [key, flow] of this.flows) {
      if (this.bytes <= this.maxTotal) return;
      if (key !== keep) this.drop(key, flow, 'tcp-evicted');
    }
  }

  // Puts the segment's new bytes in order, or sets them aside until the gap before them fills.
  private accept(flow: Flow, seq: number, data: Buffer): void {
    const d = seqDiff(seq, flow.next);
    if (d < 0) {
      if (d + data.length <= 0) return; // a repeat of bytes already taken
      data = data.subarray(-d);
      seq = flow.next;
    }
    if (seqDiff(seq, flow.next) > 0) {
      if (data.length === 0) return;
      flow.waiting.push({ seq, data: Buffer.from(data) });
      flow.waitingBytes += data.length;
      if (flow.waiting.length > MAX_WAITING || flow.waitingBytes > this.opt.maxFlowBytes) this.skipGap(flow);
      return;
    }
    this.append(flow, data);
    this.drainWaiting(flow);
  }

  private append(flow: Flow, data: Buffer): void {
    if (data.length === 0) return;
    flow.next = (flow.next + data.length) >>> 0;
    if (flow.skip > 0) {
      const n = Math.min(flow.skip, data.length);
      flow.skip -= n;
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    // Appended in place while buf is a prefix of its store; else (or when full) into a new
    // store of twice the size: each byte is copied O(1) times, not once per segment.
    const len = flow.buf.length;
    const isPrefix = flow.buf.buffer === flow.store.buffer && flow.buf.byteOffset === flow.store.byteOffset;
    if (!isPrefix || flow.store.length < len + data.length) {
      const store = Buffer.allocUnsafe(Math.max(len + data.length, 2 * len, 4096));
      flow.buf.copy(store, 0);
      flow.store = store;
    }
    data.copy(flow.store, len);
    flow.buf = flow.store.subarray(0, len + data.length);
  }

  private drainWaiting(flow: Flow): void {
    for (let progress = true; progress && flow.waiting.length > 0; ) {
      progress = false;
      for (const [i, w] of flow.waiting.entries()) {
        const d = seqDiff(w.seq, flow.next);
        if (d > 0) continue;
        flow.waiting.splice(i, 1);
        flow.waitingBytes -= w.data.length;
        if (d + w.data.length > 0) this.append(flow, w.data.subarray(-d));
        progress = true;
        break;
      }
    }
  }

  // The missing bytes are not coming: drop what waits on them and restart at the earliest held segment.
  private skipGap(flow: Flow): void {
    let first = flow.waiting[0];
    if (first === undefined) return; // called only with segments held
    this.onLoss('tcp-gap', flow.buf.length);
    setBuf(flow, Buffer.alloc(0));
    for (const w of flow.waiting) if (seqDiff(w.seq, first.seq) < 0) first = w;
    flow.next = first.seq;
    flow.synced = false;
    flow.lineStart = true;
    flow.skip = 0;
    this.drainWaiting(flow);
  }

  private extract(flow: Flow, tsMicros: bigint): StreamMessage[] {
    if (!flow.synced && !this.resync(flow)) return [];
    if (this.incomplete(flow)) return this.overflow(flow);
    const { messages, rest } = splitSipMessages(flow.buf);
    if (messages.length > 0) setBuf(flow, rest.length > 0 ? Buffer.from(rest) : Buffer.alloc(0));
    else {
      flow.need = messageEnd(flow.buf.toString('latin1'), skipLineEnds(flow.buf, 0));
      if (flow.need < 0) flow.headScan = Math.max(0, flow.buf.length - 2);
    }
    return [...this.overflow(flow), ...messages.map((payload) => ({ payload, tsMicros }))];
  }

  /**
   * Whether the first message in buf is surely not whole yet, known without reading all of
   * buf again: its body is still coming (need), or no header end has arrived since the
   * last look. Keeps the work per segment to the segment's bytes.
   */
  private incomplete(flow: Flow): boolean {
    if (flow.need > flow.buf.length) return true;
    if (flow.need >= 0) return false;
    const from = Math.max(skipLineEnds(flow.buf, 0), flow.headScan);
    if (from >= flow.buf.length) return true;
    if (findHeaderEnd(flow.buf, from) >= 0) return false;
    // A terminator may straddle the next segment: look again from 2 bytes back.
    flow.headScan = Math.max(0, flow.buf.length - 2);
    return true;
  }

  /** Passes over a message too long to keep (nothing is returned for it). */
  private overflow(flow: Flow): StreamMessage[] {
    if (flow.buf.length > this.opt.maxFlowBytes) {
      // No message this long is stored anyway (capture.maxMessageBytes <= 64 KiB). With its
      // header whole, its Content-Length says how much to pass over; else resynchronise.
      this.onLoss('tcp-overflow', flow.buf.length);
      const end = messageEnd(flow.buf.toString('latin1'), skipLineEnds(flow.buf, 0));
      flow.skip = end > flow.buf.length ? end - flow.buf.length : 0;
      flow.synced = end > 0;
      flow.lineStart = false;
      setBuf(flow, Buffer.alloc(0));
    }
    return [];
  }

  // Moves the buffer to the next SIP start line; false when none is in it yet.
  private resync(flow: Flow): boolean {
    const text = flow.buf.toString('latin1');
    let at = flow.lineStart && START_LINE_HERE.test(text) ? 0 : -1;
    if (at < 0) {
      const m = START_LINE_AFTER_LF.exec(text);
      if (m) at = m.index + 1;
    }
    if (at < 0) {
      // Keep only a last partial line: it may be the start of a start line.
      const nl = text.lastIndexOf('\n');
      const keepFrom = text.length - (nl + 1) > Math.min(MAX_PARTIAL_LINE, this.opt.maxFlowBytes) ? text.length : nl + 1;
      if (keepFrom > 0) {
        this.onLoss('tcp-resync', keepFrom);
        setBuf(flow, Buffer.from(flow.buf.subarray(keepFrom)));
        flow.lineStart = true;
      }
      return false;
    }
    if (at > 0) {
      this.onLoss('tcp-resync', at);
      setBuf(flow, Buffer.from(flow.buf.subarray(at)));
    }
    flow.synced = true;
    flow.lineStart = true;
    return true;
  }
}
