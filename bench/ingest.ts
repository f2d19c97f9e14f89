// bench/ingest: offered HEP3/UDP load at fixed rates against K capture processes and a
// local Cassandra of C nodes (RF min(3, C)); then every row is counted in Cassandra.
//   npm run bench:ingest -- [--rates 2800,6000,10000,15000] [--seconds 20]
//                           [--captures K] [--cassandra-nodes C] [--no-sai]
// Prints a table and writes bench/results/ingest-*.json.
import { benchCassandra, benchStopCommand } from './lib/bench-cassandra.js';
import { printTable, writeResult } from './lib/report.js';
import { runIngest, tableRow } from './lib/ingest-run.js';
import { benchArgs } from './lib/args.js';

const { rates, seconds, captures, nodes, noSai } = benchArgs('bench:ingest', (a) => ({
  rates: a.list('rates', '2800,6000,10000,15000', 1, 100_000),
  seconds: a.int('seconds', 20, 1, 3600),
  captures: a.int('captures', 1, 1, 8),
  nodes: a.int('cassandra-nodes', 1, 1, 5),
  /** --no-sai drops the search indexes first: measures what the storage-attached indexes cost. */
  noSai: a.flag('no-sai'),
}));

const cas = await benchCassandra('unused', nodes);
const results = [];
for (const [i, rate] of rates.entries()) {
  process.stderr.write(`bench:ingest: ${rate} packets/s for ${seconds}s, ${captures} capture node(s), ${nodes} Cassandra node(s) ...\n`);
  const r = await runIngest(cas, { rate, seconds, captures, tag: `ingest${i}`, noSai }, 19060 + i * 10);
  results.push(r);
  process.stderr.write(`  ${JSON.stringify(tableRow(r))}\n`); // kept even if a later step fails
}
printTable(results.map(tableRow));
const zeroLoss = results.filter((r) => r.lost === 0).map((r) => r.offered_pps);
process.stdout.write(`highest zero-loss rate: ${zeroLoss.length ? Math.max(...zeroLoss) : 'none'} packets/s; 10M/hour (2800/s): ${results.find((r) => r.offered_pps === 2800)?.lost === 0 ? 'PASS' : 'not measured or FAIL'}\n`);
process.stdout.write(`written ${writeResult('ingest', { seconds, sai: !noSai, captures, cassandraNodes: nodes, results })}\n`);
process.stdout.write(`the bench Cassandra keeps running: stop it with \`${benchStopCommand(nodes)}\`\n`);
