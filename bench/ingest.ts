// bench/ingest: offered HEP3/UDP load at fixed rates against a capture node (its own
// process) and a local Cassandra; then every row is counted in Cassandra.
//   npm run bench:ingest -- [--rates 2800,6000,10000,15000] [--seconds 20]
// Prints a table and writes bench/results/ingest-*.json.
import { projectRoot } from '../src/util/project-root.js';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectCassandra } from '../src/store/cassandra/client.js';
import { migrate } from '../src/migrate/migrate.js';
import { defaultConfig } from '../src/config/fields.js';
import { silentLogger } from '../src/log/logger.js';
import { benchCassandra, countRows } from './lib/bench-cassandra.js';
import { cpuSeconds, rssMiB } from './lib/proc.js';
import { histogramQuantile, metricSum } from './lib/metrics-text.js';
import { printTable, writeResult } from './lib/report.js';
import { hepTraffic } from './lib/traffic.js';

const root = projectRoot(import.meta.dirname);
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const rates = arg('rates', '2800,6000,10000,15000').split(',').map(Number);
const seconds = Number(arg('seconds', '20'));
/** --no-sai drops the search indexes first: measures what the storage-attached indexes cost. */
const noSai = process.argv.includes('--no-sai');
if (rates.some((r) => !(r > 0 && r <= 100_000)) || !(seconds > 0 && seconds <= 3600)) {
  process.stderr.write('bench:ingest: --rates must be 1..100000 packets/s, --seconds 1..3600\n');
  process.exit(2);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** Sends `rate` packets/s for `secs`, paced in 5 ms ticks; returns packets sent and send errors. */
async function offer(port: number, rate: number, secs: number, prefix: string): Promise<{ sent: number; errors: number; elapsed: number }> {
  const sock = createSocket('udp4');
  const gen = hepTraffic(prefix, BigInt(Date.now()) * 1000n);
  const total = Math.round(rate * secs);
  let sent = 0;
  let errors = 0;
  const start = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      sock.send(gen.next().value as Buffer, port, '127.0.0.1', (e) => { if (e) errors++; });
      sent++;
    }
    await sleep(5);
  }
  const elapsed = (performance.now() - start) / 1000;
  await sleep(200);
  sock.close();
  return { sent, errors, elapsed };
}

async function step(rate: number, i: number, cas: Awaited<ReturnType<typeof benchCassandra>>) {
  const ks = `bench_ingest_${Date.now()}_${i}`;
  const cfg = { ...cas.cfg, keyspace: ks };
  const admin = await connectCassandra(cfg, defaultConfig().local);
  await migrate(admin, cfg, silentLogger());
  if (noSai) {
    const idx = await admin.execute('SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?', [ks], { prepare: true });
    for (const r of idx.rows) await admin.execute(`DROP INDEX ${ks}.${r.get('index_name') as string}`);
  }
  const [hep, http] = [19060 + i, 18080 + i];
  const spool = mkdtempSync(join(tmpdir(), 'siptrail-bench-spool-'));
  const main = existsSync(join(root, 'dist', 'src', 'cli', 'main.js')) ? [join(root, 'dist', 'src', 'cli', 'main.js')] : ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
  const child = spawn(process.execPath, [...main, 'capture', '--cassandra.mode=external', `--cassandra.contact-points=${cas.contact}`, `--cassandra.keyspace=${ks}`, `--capture.hep-udp=127.0.0.1:${hep}`, '--capture.hep-tcp=', `--http.listen=127.0.0.1:${http}`, `--capture.spool-dir=${spool}`, '--log.level=warn', '--log.format=json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    for (let t = 0; t < 300; t++) {
      if ((await fetch(`http://127.0.0.1:${http}/health`).then((r) => r.status).catch(() => 0)) === 200) break;
      await sleep(100);
    }
    const cap0 = cpuSeconds(child.pid!);
    const cas0 = cpuSeconds(cas.pid);
    const sent = await offer(hep, rate, seconds, `b${i}`);
    const capCpu = (cpuSeconds(child.pid!) - cap0) / sent.elapsed;
    const casCpu = (cpuSeconds(cas.pid) - cas0) / sent.elapsed;
    const rss = rssMiB(child.pid!);
    // Drain: wait until every received packet is stored, spooled-and-replayed or rejected.
    let text = await metrics(http);
    for (let t = 0; t < 1200; t++) {
      text = await metrics(http);
      const received = metricSum(text, 'siptrail_capture_received_total');
      const settled = metricSum(text, 'siptrail_capture_stored_total') + metricSum(text, 'siptrail_capture_rejected_total') + metricSum(text, 'siptrail_capture_dropped_total');
      if (received >= sent.sent - sent.errors && settled >= received && metricSum(text, 'siptrail_capture_spool_bytes') === 0) break;
      if (t > 100 && received < sent.sent && settled >= received) break; // the kernel dropped datagrams: nothing more will come
      await sleep(100);
    }
    const rows = await countRows(admin, `${ks}.messages`, 'day, call_id');
    const byTime = await countRows(admin, `${ks}.messages_by_time`, 'day, bucket, shard');
    return {
      offered_pps: rate,
      achieved_pps: Math.round(sent.sent / sent.elapsed),
      sent: sent.sent,
      received: metricSum(text, 'siptrail_capture_received_total'),
      stored_rows: rows,
      search_rows: byTime,
      lost: sent.sent - rows,
      rejected: metricSum(text, 'siptrail_capture_rejected_total'),
      spooled: metricSum(text, 'siptrail_capture_spooled_total'),
      capture_cpu_pct: Math.round(capCpu * 100),
      cassandra_cpu_pct: Math.round(casCpu * 100),
      capture_rss_mib: rss,
      p99_write_ms: Math.round(histogramQuantile(text, 'siptrail_capture_write_seconds', 0.99) * 1000),
    };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    rmSync(spool, { recursive: true, force: true });
    await admin.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
    await admin.shutdown();
  }
}

const cas = await benchCassandra('unused');
const results = [];
for (const [i, rate] of rates.entries()) {
  process.stderr.write(`bench:ingest: ${rate} packets/s for ${seconds}s ...\n`);
  results.push(await step(rate, i, cas));
}
printTable(results);
const zeroLoss = results.filter((r) => r.lost === 0).map((r) => r.offered_pps);
process.stdout.write(`highest zero-loss rate: ${zeroLoss.length ? Math.max(...zeroLoss) : 'none'} packets/s; 10M/hour (2800/s): ${results.find((r) => r.offered_pps === 2800)?.lost === 0 ? 'PASS' : 'not measured or FAIL'}\n`);
process.stdout.write(`written ${writeResult('ingest', { seconds, sai: !noSai, results })}\n`);
process.stdout.write('the bench Cassandra keeps running (.siptrail/bench): stop it with `npm run siptrail -- cassandra stop --local.dir=.siptrail/bench`\n');
