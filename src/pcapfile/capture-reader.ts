// Reads classic pcap and pcapng, from one Buffer or incrementally from chunks. The format is
// picked from the first 4 bytes:
//
//   a1 b2 c3 d4 / d4 c3 b2 a1  classic pcap, microseconds (BE / LE writer)
//   a1 b2 3c 4d / 4d 3c b2 a1  classic pcap, nanoseconds
//   0a 0d 0d 0a                pcapng section header block
//
// Every step consumes at least one whole header, record or block, and lengths are checked
// against the bytes present before anything is read, so lying lengths cannot overrun or loop.

import { fail, ok, type Result } from '../util/result.js';
import { MAX_RECORD_BYTES, type CaptureFile, type CaptureReason, type CapturedFrame, type Step } from './capture-file.js';
import { pcapHeaderStep, pcapMagic, pcapRecordStep, type PcapHeader } from './pcap-classic.js';
import { newPcapngState, pcapngBlockStep, SHB_TYPE, type PcapngState } from './pcapng.js';

const MAGICS = [[0xa1, 0xb2, 0xc3, 0xd4], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x4d, 0x3c, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a]];

// Format state machine shared by the whole-buffer and the streaming reader.
class Parser {
  format: 'pcap' | 'pcapng' | undefined;
  private pcap: PcapHeader | undefined;
  private readonly ng: PcapngState = newPcapngState();

  step(buf: Buffer, off: number): Step {
    if (this.pcap) return pcapRecordStep(this.pcap, buf, off);
    if (this.format === 'pcapng') return pcapngBlockStep(this.ng, buf, off);
    const head = buf.subarray(off, off + 4);
    if (!MAGICS.some((m) => m.slice(0, head.length).every((b, i) => head[i] === b))) {
      return { kind: 'error', reason: 'not-capture', detail: `first bytes ${head.toString('hex')} are no pcap or pcapng magic` };
    }
    if (head.length < 4) return { kind: 'need', bytes: 4 };
    if (head.readUInt32LE(0) === SHB_TYPE) {
      const s = pcapngBlockStep(this.ng, buf, off);
      if (s.kind === 'skip') this.format = 'pcapng';
      return s;
    }
    if (!pcapMagic(head)) return { kind: 'error', reason: 'not-capture', detail: `bad magic ${head.toString('hex')}` };
    const h = pcapHeaderStep(buf.subarray(off));
    if (h.kind === 'need') return h;
    this.pcap = h.header;
    this.format = 'pcap';
    return { kind: 'skip', size: 24 };
  }
}

function endProblem(p: Parser, leftover: number, frames: number): { reason: CaptureReason; detail: string } {
  if (p.format === undefined && leftover === 0) return { reason: 'not-capture', detail: 'empty input' };
  if (p.format === undefined) return { reason: 'truncated', detail: `file header cut short after ${leftover} bytes` };
  return { reason: 'truncated', detail: `${leftover} bytes of an incomplete record/block after frame ${frames}` };
}

/**
 * Reads a whole pcap/pcapng file. A cut-off or garbled tail fails the read, unless
 * `partial` is set: then the frames before it are returned with `problem` describing the tail.
 * Frame data are views into `buf`.
 */
export function readCaptureFile(buf: Buffer, opts: { partial?: boolean } = {}): Result<CaptureFile, CaptureReason> {
  const p = new Parser();
  const frames: CapturedFrame[] = [];
  let off = 0;
  let problem: { reason: CaptureReason; detail: string } | undefined;
  while (!problem) {
    const s = p.step(buf, off);
    if (s.kind === 'frame') frames.push(s.frame);
    if (s.kind === 'frame' || s.kind === 'skip') off += s.size;
    else if (s.kind === 'error') problem = { reason: s.reason, detail: s.detail };
    else if (off === buf.length && p.format !== undefined) break;
    else problem = endProblem(p, buf.length - off, frames.length);
  }
  if (!p.format) return fail(problem?.reason ?? 'not-capture', problem?.detail ?? 'no file header');
  if (problem && !opts.partial) return fail(problem.reason, problem.detail);
  return ok(problem ? { format: p.format, frames, problem } : { format: p.format, frames });
}

/**
 * Incremental reader: push chunks as they arrive, get the frames completed so far. Frame data
 * are copies, so chunk buffers may be reused. At most one record or block (<= MAX_RECORD_BYTES)
 * is buffered; after an error every call returns that error.
 */
export class CaptureStreamReader {
  private readonly parser = new Parser();
  private chunks: Buffer[] = [];
  private buffered = 0;
  private needed = 1;
  private frameCount = 0;
  private error: { reason: CaptureReason; detail: string } | null = null;

  /** The detected format, once the file header has been read. */
  get format(): 'pcap' | 'pcapng' | undefined {
    return this.parser.format;
  }

  /** Adds bytes; returns the frames they complete. */
  push(chunk: Buffer): Result<CapturedFrame[], CaptureReason> {
    if (this.error) return fail(this.error.reason, this.error.detail);
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.needed) return ok([]);
    const buf = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    const frames: CapturedFrame[] = [];
    let off = 0;
    for (;;) {
      const s = this.parser.step(buf, off);
      if (s.kind === 'error') {
        this.error = { reason: s.reason, detail: s.detail };
        this.chunks = [];
        return fail(s.reason, s.detail);
      }
      if (s.kind === 'need') {
        this.needed = Math.min(s.bytes, MAX_RECORD_BYTES);
        break;
      }
      if (s.kind === 'frame') frames.push({ ...s.frame, data: Buffer.from(s.frame.data) });
      off += s.size;
    }
    const rest = buf.subarray(off);
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.buffered = rest.length;
    this.frameCount += frames.length;
    return ok(frames);
  }

  /** Declares the end of input: fails if a header, record or block was left incomplete. */
  end(): Result<'pcap' | 'pcapng', CaptureReason> {
    if (this.error) return fail(this.error.reason, this.error.detail);
    if (this.parser.format && this.buffered === 0) return ok(this.parser.format);
    const e = endProblem(this.parser, this.buffered, this.frameCount);
    return fail(e.reason, e.detail);
  }
}
