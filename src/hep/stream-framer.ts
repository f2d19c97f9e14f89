// Splits a HEP3-over-TCP/TLS byte stream into messages (hep.md §3.3). Messages follow each other
// with no delimiter; each one's own total length frames it:
//
//   | "HEP3" | L u16 BE | L - 6 bytes of chunks | "HEP3" | L' | ... | "HE   <- partial, kept for next push
//
// There is no resync: after bad magic or a bad length the framer stays failed and the caller
// closes the connection (heplify-server / OpenSIPS behaviour). Buffering is bounded: complete
// messages are handed out at once, so at most one partial message (< maxMessageLength) is kept.
// Returned messages are views into the pushed chunks (or a concatenation of them); they are
// not decoded here.

import { HEP3_MAGIC } from './decode-hep.js';

/** Why the stream cannot be framed; the connection should be closed. */
export type HepFramerReason = 'bad-magic' | 'bad-length';

/** Result of one push: the complete messages now available, and an error once the stream is broken. */
export interface HepFramerOutput {
  messages: Buffer[];
  error?: { reason: HepFramerReason; detail: string };
}

/** Buffers a HEP3 stream and cuts it into whole messages. */
export class HepStreamFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private consumed = 0; // stream offset of parts[0][0], for error details
  private error: HepFramerOutput['error'];

  /** maxMessageLength: largest accepted total length (default 65535; heplify-server uses 65507). */
  constructor(private readonly maxMessageLength = 0xffff) {}

  /** Bytes held for an incomplete message. */
  get buffered(): number {
    return this.size;
  }

  /** Adds bytes from the stream and returns every message they complete. */
  push(chunk: Buffer): HepFramerOutput {
    const messages: Buffer[] = [];
    if (this.error) return { messages, error: this.error };
    if (chunk.length > 0) {
      this.parts.push(chunk);
      this.size += chunk.length;
    }
    while (this.size > 0) {
      const head = this.peek(Math.min(6, this.size));
      const magicPart = head.subarray(0, 4);
      if (!magicPart.equals(HEP3_MAGIC.subarray(0, magicPart.length))) {
        return this.fail(messages, 'bad-magic', `bytes ${hex(magicPart)} at stream offset ${this.consumed} are not "HEP3"`);
      }
      if (this.size < 6) break;
      const total = head.readUInt16BE(4);
      if (total < 6 || total > this.maxMessageLength) {
        return this.fail(messages, 'bad-length', `total length ${total} at stream offset ${this.consumed}, expected 6..${this.maxMessageLength}`);
      }
      if (this.size < total) break;
      messages.push(this.take(total));
    }
    return { messages };
  }

  private fail(messages: Buffer[], reason: HepFramerReason, detail: string): HepFramerOutput {
    this.error = { reason, detail };
    this.parts = [];
    this.size = 0;
    return { messages, error: this.error };
  }

  // The first n buffered bytes, joining parts only when the first one is too short.
  private peek(n: number): Buffer {
    if ((this.parts[0]?.length ?? 0) < n) this.parts = [Buffer.concat(this.parts, this.size)];
    return (this.parts[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const rest = (this.parts[0] as Buffer).subarray(n);
    if (rest.length > 0) this.parts[0] = rest;
    else this.parts.shift();
    this.size -= n;
    this.consumed += n;
    return first;
  }
}

function hex(buf: Buffer): string {
  return buf.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}
