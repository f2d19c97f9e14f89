// Hand-run timing of parseSip and splitSipMessages over the fixture corpus; not a test.
// Run: node --import tsx src/sip/bench-parse.ts [rounds of 50 ms per case, default 20]

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSip } from './parse.js';
import { splitSipMessages } from './split.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
const files = readdirSync(dir).filter((f) => f.endsWith('.sip')).sort();
const corpus = files.map((f) => readFileSync(join(dir, f)));
const opts = { correlationHeaders: ['X-CID'], extraHeaders: ['P-Charging-Vector', 'Privacy'] };
const rounds = Number(process.argv[2] ?? '20');

// Thread CPU time in ns; unlike wall time it does not count while other processes
// have the core. Caches and memory shared with them still slow it down at times, so
// many short rounds are run and the best one is kept.
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

// Runs fn in `n` rounds of 50 ms CPU time; returns the best round's ns per call.
function time(fn: () => void, n = rounds): number {
  for (let i = 0; i < 20000; i++) fn(); // warm-up so the optimising compiler has run
  let best = Infinity;
  for (let round = 0; round < n; round++) {
    let n = 0;
    const start = cpuNs();
    let elapsed = 0;
    while (elapsed < 50e6) {
      for (let i = 0; i < 1000; i++) fn();
      n += 1000;
      elapsed = cpuNs() - start;
    }
    best = Math.min(best, elapsed / n);
  }
  return best;
}

const rows: Array<{ case: string; bytes: number; 'ns/msg': number; 'msg/s': number }> = [];
const report = (name: string, bytes: number, ns: number): void => {
  rows.push({ case: name, bytes, 'ns/msg': Math.round(ns), 'msg/s': Math.round(1e9 / ns) });
};
for (const name of ['invite-sdp.sip', 'invite-diversion-pai.sip', '200-ok-sdp.sip', 'compact.sip']) {
  const buf = corpus[files.indexOf(name)];
  if (buf === undefined) continue;
  report(`parseSip ${name}`, buf.length, time(() => void parseSip(buf, opts)));
}
let k = 0;
const total = corpus.reduce((a, b) => a + b.length, 0);
const mixNs = time(() => void parseSip(corpus[k++ % corpus.length] as Buffer, opts));
report(`parseSip mix of ${corpus.length}`, Math.round(total / corpus.length), mixNs);
const stream = Buffer.concat(corpus);
const splitNs = time(() => void splitSipMessages(stream)) / corpus.length;
report(`splitSipMessages (per message)`, Math.round(total / corpus.length), splitNs);
console.table(rows);
