// Capture files: read classic pcap / pcapng (whole or streamed), write classic pcap.

export { CaptureStreamReader, readCaptureFile } from './capture-reader.js';
export { MAX_RECORD_BYTES, type CaptureFile, type CaptureReason, type CapturedFrame } from './capture-file.js';
export { writePcap } from './write-pcap.js';
