// The in-memory model of a capture file, shared by the classic pcap and pcapng readers.
// A reader is a sequence of steps over the file bytes; each step consumes one header, record
// or block (always >= 1 byte, so a loop over steps always ends) or asks for more bytes.

/** One captured packet; `tsMicros` is UTC microseconds since the epoch, `data` the captured bytes. */
export type CapturedFrame = { linkType: number; tsMicros: bigint; data: Buffer; origLen: number };

/** Why a capture file (or its tail) could not be read. */
export type CaptureReason = 'not-capture' | 'truncated' | 'bad-block';

/** A whole capture file; `problem` is only set in partial mode, for a tail that could not be read. */
export type CaptureFile = {
  format: 'pcap' | 'pcapng';
  frames: CapturedFrame[];
  problem?: { reason: CaptureReason; detail: string };
};

/** Largest record or block accepted (Wireshark's own maximum is far smaller for most link types). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** One parsing step: a frame, a skipped header/block, a request for `bytes` bytes from `off`, or an error. */
export type Step =
  | { kind: 'frame'; frame: CapturedFrame; size: number }
  | { kind: 'skip'; size: number }
  | { kind: 'need'; bytes: number }
  | { kind: 'error'; reason: CaptureReason; detail: string };
