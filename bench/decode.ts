// bench/decode: HEP3 decode + SIP parse (+ row building) of realistic messages on one
// core, the CPU cost of a capture node per packet.
//   npm run bench:decode -- [--seconds 5]
// Prints a table and writes bench/results/decode-*.json. Target: >= 300,000 msg/s.
import { decodeHep } from '../src/hep/index.js';
import { parseSip } from '../src/sip/index.js';
import { sipRow } from '../src/capture/row.js';
import { hepToCaptured } from '../src/capture/ingest.js';
import { printTable, writeResult } from './lib/report.js';
import { hepTraffic } from './lib/traffic.js';
import { benchArgs } from './lib/args.js';

const { seconds } = benchArgs('bench:decode', (a) => ({ seconds: a.int('seconds', 5, 1, 600) }));

// 1,300 distinct packets (100 of each flow kind), a realistic mix of sizes.
const gen = hepTraffic('dec', 1_763_974_800_000_000n);
const packets = Array.from({ length: 1300 }, () => gen.next().value as Buffer);
const sipOpts = { correlationHeaders: ['X-CID'], extraHeaders: [] };
const rowOpts = { location: 'bench', node: 'bench', b2bSuffix: /_b2b-\d+$/ };

function run(name: string, work: (p: Buffer) => void): Record<string, string | number> {
  for (let w = 0; w < 20_000; w++) {
    const p = packets[w % packets.length];
    if (p) work(p); // warm-up
  }
  let n = 0;
  const t0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const p of packets) work(p);
    n += packets.length;
  }
  const cpu = process.cpuUsage(t0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return { stage: name, messages: n, cpu_seconds: cpuSec.toFixed(2), msg_per_s_per_core: Math.round(n / cpuSec), us_per_msg: ((cpuSec / n) * 1e6).toFixed(2) };
}

let sink = 0;
const rows = [
  run('hep3 decode', (p) => { const r = decodeHep(p); if (r.ok) sink += r.value.payload.length; }),
  run('hep3 decode + sip parse', (p) => {
    const r = decodeHep(p);
    if (!r.ok) return;
    const s = parseSip(r.value.payload, sipOpts);
    if (s.ok) sink += s.value.headerCount;
  }),
  run('decode + parse + row (ids, hashes)', (p) => {
    const r = decodeHep(p);
    if (!r.ok) return;
    const s = parseSip(r.value.payload, sipOpts);
    if (s.ok) sink += sipRow(hepToCaptured(r.value, 0n), s.value, rowOpts).payload.length;
  }),
];
printTable(rows);
process.stdout.write(`avg message ${Math.round(packets.reduce((a, p) => a + p.length, 0) / packets.length)} bytes; target >= 300,000 msg/s for decode + parse (checksum ${sink % 10})\n`);
process.stdout.write(`written ${writeResult('decode', { seconds, results: rows })}\n`);
