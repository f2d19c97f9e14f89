// `siptrail import`: a pcap / pcapng file into the store through the capture node's own
// ingest and write pipeline (no second writer):
//
//   file --CaptureStreamReader--> frames --SipFrameDecoder--> UDP datagram that is HEP  -> Ingest.hep
//                                            (link, IP, frags,  SIP over UDP / TCP stream -> Ingest.packet
//                                             IP-in-IP, TCP)    anything else            -> skipped, counted
//                                                                   Ingest -> WritePipeline -> Cassandra
//
// Idempotent: a row's id and key come from the packet alone (capture time from the file or
// the HEP header, endpoints, payload, capture.location), so a second import of the same file
// writes the same rows again and adds none.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CaptureRole } from '../capture/role.js';
import { capturedSip } from '../capture/row.js';
import { CaptureStreamReader } from '../pcapfile/index.js';
import { SipFrameDecoder, type SipTcpStreamOptions, type TransportPacket } from '../frames/index.js';

/** How far an import has come. */
export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  frames: number;
  hep: number;
  sip: number;
}

/** What an import did, for the summary. */
export interface ImportSummary extends ImportProgress {
  file: string;
  format: 'pcap' | 'pcapng' | null;
  /** Rows Cassandra acknowledged. */
  stored: number;
  /** Bytes still in the import spool (Cassandra did not take them in time); replayed at the next import. */
  spoolBytes: number;
  /** Packets the capture ingest rejected (bad HEP, bad SIP), by reason. */
  rejected: Record<string, number>;
  /** Frames or stream bytes that were no SIP or HEP (ARP, RTP, keep-alives...), by reason. */
  skipped: Record<string, number>;
  /** Why reading stopped early (a cut-off or damaged file), if it did. */
  problem: string | null;
}

/** Import settings. */
export interface ImportOptions {
  tcp: SipTcpStreamOptions;
  onProgress?: (p: ImportProgress) => void;
  /** How long to wait at the end for Cassandra to take rows that went to the spool. */
  spoolWaitMs?: number;
}

/** True when a UDP payload is a HEP packet: "HEP3", or a v1/v2 header (version 1|2, family 2|10). */
export function looksLikeHep(p: Buffer): boolean {
  if (p.length >= 4 && p[0] === 0x48 && p[1] === 0x45 && p[2] === 0x50 && p[3] === 0x33) return true;
  return p.length >= 16 && (p[0] === 1 || p[0] === 2) && (p[2] === 2 || p[2] === 10);
}

async function metricSum(m: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await m.get()).values.reduce((a, v) => a + v.value, 0);
}

async function byLabel(m: { get(): Promise<{ values: { value: number; labels: Record<string, string | number> }[] }> }, label: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await m.get()).values) if (v.value > 0) out[String(v.labels[label])] = (out[String(v.labels[label])] ?? 0) + v.value;
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads one capture file into `role`'s pipeline and waits until its rows are written. */
export async function importCapture(file: string, role: CaptureRole, opt: ImportOptions): Promise<ImportSummary> {
  const { ingest, pipeline, counters } = role;
  const storedBefore = await metricSum(counters.stored);
  const rejectedBefore = await byLabel(counters.rejected, 'reason');
  const progress: ImportProgress = { bytesRead: 0, bytesTotal: (await stat(file)).size, frames: 0, hep: 0, sip: 0 };
  const skipped: Record<string, number> = {};
  const tap = (d: TransportPacket, tsMicros: bigint): boolean => {
    if (!looksLikeHep(d.payload)) return false;
    progress.hep++;
    // The HEP header's own time wins; the frame's time stands in when it has none (HEP v1).
    ingest.hep(d.payload, 'import-hep', d.ip.src, tsMicros);
    return true;
  };
  // SIP that fails to parse is rejected like the capture node rejects it; the rest of what a
  // capture holds besides SIP and HEP (ARP, RTP, DNS, handshakes...) is only skipped.
  const onSkip = (reason: string, detail: string) => {
    if (reason.startsWith('sip-') && reason !== 'sip-not-sip') ingest.reject(reason, detail);
    else skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const decoder = new SipFrameDecoder(opt.tcp, onSkip, { udpTap: tap });
  const reader = new CaptureStreamReader();
  let problem: string | null = null;
  let lastReport = 0;
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    progress.bytesRead += chunk.length;
    const frames = reader.push(chunk);
    if (!frames.ok) {
      problem = `${frames.reason}: ${frames.detail}`;
      break;
    }
    for (const f of frames.value) {
      progress.frames++;
      for (const p of decoder.frame(f.linkType, f.data, f.tsMicros)) {
        progress.sip++;
        ingest.counted('import-sip');
        ingest.packet(capturedSip(p), p.outerSrc ?? p.srcIp);
      }
      if (progress.frames % 10_000 === 0) decoder.expire(Number(f.tsMicros / 1000n));
    }
    // Read no faster than Cassandra writes: the queue stays well below capture.maxQueue.
    while (pipeline.pending > 20_000) await sleep(5);
    if (Date.now() - lastReport >= 250) {
      lastReport = Date.now();
      opt.onProgress?.({ ...progress });
    }
  }
  stream.destroy();
  if (!problem) {
    const end = reader.end();
    if (!end.ok) problem = `${end.reason}: ${end.detail}`;
  }
  opt.onProgress?.({ ...progress });
  await pipeline.idle();
  const deadline = Date.now() + (opt.spoolWaitMs ?? 60_000);
  while ((await metricSum(counters.spoolBytes)) > 0 && Date.now() < deadline) await sleep(100);
  const rejectedAfter = await byLabel(counters.rejected, 'reason');
  const rejected: Record<string, number> = {};
  for (const [k, v] of Object.entries(rejectedAfter)) if (v - (rejectedBefore[k] ?? 0) > 0) rejected[k] = v - (rejectedBefore[k] ?? 0);
  return {
    file,
    format: reader.format ?? null,
    ...progress,
    stored: (await metricSum(counters.stored)) - storedBefore,
    spoolBytes: await metricSum(counters.spoolBytes),
    rejected,
    skipped,
    problem,
  };
}
