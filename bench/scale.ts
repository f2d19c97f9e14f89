// bench/scale: the same offered loads against 1, then 2 capture nodes (each dialog to one
// node, as the agent spreads them) writing to the same Cassandra, and where the zero-loss
// ceiling lands for each. On one 2-core machine the ceiling is the machine's, not the
// design's: the table carries the CPU of every process so the reader can see which one
// ran out.
//   npm run bench:scale -- [--rates 2800,5600,8400] [--seconds 30] [--max-captures 2] [--cassandra-nodes 1]
// Writes bench/results/scale-*.json.
import { benchCassandra, benchStopCommand } from './lib/bench-cassandra.js';
import { printTable, writeResult } from './lib/report.js';
import { runIngest, tableRow, type IngestResult } from './lib/ingest-run.js';
import { benchArgs } from './lib/args.js';

const { rates, seconds, maxCaptures, nodes } = benchArgs('bench:scale', (a) => ({
  rates: a.list('rates', '2800,5600,8400', 1, 100_000).sort((x, y) => x - y),
  seconds: a.int('seconds', 30, 5, 3600),
  maxCaptures: a.int('max-captures', 2, 1, 8),
  nodes: a.int('cassandra-nodes', 1, 1, 5),
}));

const cas = await benchCassandra('unused', nodes);
const results: IngestResult[] = [];
const ceilings: Record<string, number | null> = {};
for (let k = 1; k <= maxCaptures; k++) {
  let ceiling: number | null = null;
  for (const [i, rate] of rates.entries()) {
    process.stderr.write(`bench:scale: ${k} capture node(s), ${rate} packets/s for ${seconds}s ...\n`);
    const r = await runIngest(cas, { rate, seconds, captures: k, tag: `scale${k}x${i}` }, 19660 + k * 20 + i);
    results.push(r);
    process.stderr.write(`  ${JSON.stringify(tableRow(r))}\n`); // kept even if a later step fails
    if (r.lost > 0) break; // above the ceiling: higher rates only lose more
    ceiling = rate;
  }
  ceilings[`${k} capture node(s)`] = ceiling;
}
printTable(results.map(tableRow));
for (const [k, c] of Object.entries(ceilings)) process.stdout.write(`zero-loss ceiling with ${k}: ${c === null ? `below ${rates[0]}` : `${c} packets/s or more`} (rates tried: ${rates.join(', ')})\n`);
process.stdout.write(`written ${writeResult('scale', { seconds, rates, cassandraNodes: nodes, ceilings, results })}\n`);
process.stdout.write(`the bench Cassandra keeps running: stop it with \`${benchStopCommand(nodes)}\`\n`);
