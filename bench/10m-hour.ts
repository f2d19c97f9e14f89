// bench/10m-hour: the mission check. Offers 2,800 packets/s of realistic call flows
// (10 million packets per hour) as HEP3/UDP to capture nodes writing to a 3-node local
// Cassandra ring with RF 3, for 10 minutes by default (--hour: 60), then verifies that
// every packet is stored exactly once and prints PASS or FAIL with the numbers.
//   npm run bench:10m-hour -- [--minutes 10 | --hour] [--rate 2800] [--captures 1] [--cassandra-nodes 3]
// Writes bench/results/10m-hour-*.json. Exit code 0 on PASS, 1 on FAIL.
import { benchCassandra, benchStopCommand } from './lib/bench-cassandra.js';
import { printTable, writeResult } from './lib/report.js';
import { runIngest, tableRow } from './lib/ingest-run.js';
import { benchArgs } from './lib/args.js';

const { minutes, rate, captures, nodes } = benchArgs('bench:10m-hour', (a) => {
  const given = a.int('minutes', 10, 1, 180);
  return {
    minutes: a.flag('hour') ? 60 : given,
    rate: a.int('rate', 2800, 1, 100_000),
    captures: a.int('captures', 1, 1, 8),
    nodes: a.int('cassandra-nodes', 3, 1, 5),
  };
});

process.stderr.write(`bench:10m-hour: ${rate} packets/s for ${minutes} min (${(rate * minutes * 60).toLocaleString('en')} packets) -> ${captures} capture node(s) -> ${nodes}-node Cassandra, RF ${Math.min(3, nodes)}\n`);
const cas = await benchCassandra('unused', nodes);
const r = await runIngest(cas, { rate, seconds: minutes * 60, captures, tag: `tmh${Date.now() % 100000}`, progressSec: 60, sampleGroups: 2000 }, 19460);

// Exactly once: every generated packet is unique with a deterministic row id, so the row
// count of each table equals the packets sent only if none is missing and none doubled;
// the sample then reads 2,000 dialog groups back Call-ID by Call-ID.
const checks: [string, boolean][] = [
  [`offered rate held (${r.achieved_pps} >= 99% of ${rate}/s)`, r.achieved_pps >= rate * 0.99],
  [`messages rows = packets sent (${r.stored_rows} = ${r.sent})`, r.stored_rows === r.sent],
  [`search rows = packets sent (${r.search_rows} = ${r.sent})`, r.search_rows === r.sent],
  [`sampled Call-IDs complete (${r.sampled_groups} groups, ${r.sampled_wrong} wrong)`, r.sampled_groups > 0 && r.sampled_wrong === 0],
];
printTable([tableRow(r)]);
for (const [what, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${what}\n`);
const pass = checks.every(([, ok]) => ok);
const perHour = Math.round((r.stored_rows / (minutes * 60)) * 3600);
process.stdout.write(`${pass ? 'PASS' : 'FAIL'}: ${r.stored_rows.toLocaleString('en')} of ${r.sent.toLocaleString('en')} packets stored exactly once in ${minutes} min (${perHour.toLocaleString('en')}/hour), lost ${r.lost}, spooled ${r.spooled}, caught up ${r.drain_s} s after the load; CPU % capture ${r.capture_cpu_pct.join('/')}, Cassandra ${r.cassandra_cpu_pct.join('/')}, load generator ${r.generator_cpu_pct}\n`);
process.stdout.write(`written ${writeResult('10m-hour', { minutes, rate, captures, cassandraNodes: nodes, pass, checks: Object.fromEntries(checks), result: r })}\n`);
process.stdout.write(`the bench Cassandra keeps running: stop it with \`${benchStopCommand(nodes)}\`\n`);
process.exit(pass ? 0 : 1);
