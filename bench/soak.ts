// bench/soak: `siptrail all` with its default configuration (what `npm start` runs: the
// local single-node Cassandra with its automatic heap and settings) under the mission's
// 2,800 HEP3/UDP packets/s of call flows, registrations and pings for hours, with a
// search and a call-flow request every 5 s. Once a minute it records heap after GC, GC
// pause p99, pending compactions, SSTables, disk used, the capture queue and spool,
// search latency, and every restart. Afterwards it counts the run's rows.
//   npm run bench:soak -- [--hours 1 | --minutes 60] [--rate 2800] [--reuse] [--keep-running]
// Only the folder and ports differ from `npm start` (.siptrail/soak, CQL 9442, HEP 19060,
// HTTP 18080), so a soak never meets a running `npm start`. --reuse keeps the data of an
// earlier soak (restart on millions of rows); otherwise the folder is wiped first.
// FAIL on: any OutOfMemoryError, any restart of Cassandra or siptrail, any lost or doubled
// row, a sampled Call-ID with the wrong message count, or heap after GC trending upward
// (least-squares slope over the second half that would add half the heap in 24 hours).
// Writes bench/results/soak-*.json, a per-minute .jsonl as it goes, and an .svg chart.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { appendFileSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { projectRoot } from '../src/util/project-root.js';
import { defaultConfig } from '../src/config/fields.js';
import { encodeHep } from '../src/hep/index.js';
import { toHep } from '../test/support/call-flows.js';
import { findJava } from '../cluster/install.js';
import { localNodes } from '../cluster/node-files.js';
import { memoryPlan } from '../cluster/memory-plan.js';
import { runningPid, stopLocal } from '../cluster/local-cluster.js';
import { silentLogger } from '../src/log/logger.js';
import { connectCassandra } from '../src/store/cassandra/client.js';
import { intArg } from './lib/args.js';
import { countRows } from './lib/bench-cassandra.js';
import { sampleCheck } from './lib/ingest-run.js';
import { metricSum } from './lib/metrics-text.js';
import { cpuSeconds, rssMiB } from './lib/proc.js';
import { printTable, writeResult } from './lib/report.js';
import { NodeSampler, type NodeMinute } from './lib/soak-node.js';
import { login, Prober, type ProbeWindow } from './lib/soak-probe.js';
import { slope } from './lib/stats.js';
import { lineChart } from './lib/svg-chart.js';
import { dialogGroup, PACKETS_PER_GROUP } from './lib/traffic.js';

const root = projectRoot(import.meta.dirname);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hoursArg = process.argv.includes('--hours') ? intArg('hours', 1, 1, 48) : 0;
const minutes = hoursArg ? hoursArg * 60 : intArg('minutes', 60, 1, 48 * 60);
const rate = intArg('rate', 2800, 1, 50_000);
const reuse = process.argv.includes('--reuse');
const keepRunning = process.argv.includes('--keep-running');

const PORTS = { cql: 9442, storage: 7600, jmx: 7699, hep: 19060, http: 18080 };
const dir = join(root, '.siptrail', 'soak');
const local = { ...defaultConfig().local, dir, cqlPort: PORTS.cql, storagePort: PORTS.storage, jmxPortBase: PORTS.jmx, libDir: join(root, '.siptrail', 'lib') };
const node = localNodes(local)[0]!;
const plan = memoryPlan(local);
const base = `http://127.0.0.1:${PORTS.http}`;
const tag = `soak${Date.now() % 1_000_000}`;
const password = randomBytes(12).toString('hex');

if (!reuse) {
  if (runningPid(node)) await stopLocal(local, silentLogger());
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const jsonl = join(resultsDir, `soak-${stamp}.jsonl`);

process.stderr.write(`bench:soak: siptrail all (defaults: heap ${plan.heapMb} MiB ${plan.heapFrom}, SAI buffer ${plan.saiSegmentBufferMb} MiB) <- ${rate} packets/s for ${minutes} min (${(rate * minutes * 60).toLocaleString('en')} packets)${reuse ? ', on the data of the last soak' : ''}; per-minute rows in ${jsonl}\n`);

// ---- start `siptrail all` as `npm start` does (the built CLI), in its own folder and ports
const log = openSync(join(dir, 'siptrail.log'), 'a');
const siptrail = spawn(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), 'all',
  `--local.dir=${dir}`, `--local.lib-dir=${local.libDir}`, `--local.cql-port=${PORTS.cql}`, `--local.storage-port=${PORTS.storage}`, `--local.jmx-port-base=${PORTS.jmx}`,
  `--capture.hep-udp=127.0.0.1:${PORTS.hep}`, `--capture.hep-tcp=127.0.0.1:${PORTS.hep}`, `--capture.spool-dir=${join(dir, 'spool')}`,
  `--http.listen=127.0.0.1:${PORTS.http}`, `--query.admin-password=${password}`, '--log.format=json'], { cwd: root, stdio: ['ignore', log, log] });
let siptrailExit: string | null = null;
siptrail.on('exit', (code, signal) => { siptrailExit = `siptrail all exited (${signal ?? code})`; });
for (let t = 0; ; t++) {
  if ((await fetch(`${base}/health`).then((r) => r.status).catch(() => 0)) === 200) break;
  if (siptrailExit || t > 600) throw new Error(`${siptrailExit ?? 'siptrail all did not answer /health within 10 minutes'}; see ${join(dir, 'siptrail.log')}`);
  await sleep(1000);
}
try {
  const token = await login(base, 'admin', password);
  const prober = new Prober(base, token);
  const sampler = new NodeSampler(node, findJava(local), join(local.libDir, `cassandra-${local.version}`), 'siptrail');
  const admin = await connectCassandra({ ...defaultConfig().cassandra, mode: 'external', contactPoints: [`127.0.0.1:${PORTS.cql}`] }, local);
  const before = reuse ? await countRows(admin, 'siptrail.messages', 'day, call_id') : 0;
  const firstPid = runningPid(node);

  // ---- the load: each group stamped with the time it is sent; group n's stamp is kept for probes and read-back
  const startMicros = BigInt(Date.now()) * 1000n;
  const groupTs = new Map<number, bigint>();
  const sock = createSocket('udp4');
  sock.on('error', () => undefined);
  let sent = 0;
  let sendErrors = 0;
  let group = 0;
  let queue: Buffer[] = [];
  const nextPacket = (): Buffer => {
    if (queue.length === 0) {
      const now = BigInt(Date.now()) * 1000n;
      groupTs.set(group, now);
      groupTs.delete(group - 20_000);
      // dialogGroup stamps group n at start + n ms: give it a start that puts it at now.
      queue = dialogGroup(tag, group, now - BigInt(group) * 1000n).map((m) => {
        const r = encodeHep(toHep(m), 3);
        if (!r.ok) throw new Error(`encodeHep: ${r.detail}`);
        return r.value;
      });
      group++;
    }
    return queue.shift()!;
  };

  interface Minute extends ProbeWindow {
    minute: number;
    sent: number;
    received: number;
    stored: number;
    queueRows: number;
    spoolMiB: number;
    siptrailCpuPct: number | null;
    siptrailRssMiB: number;
    restarts: number;
    cassandra: NodeMinute;
  }
  const rows: Minute[] = [];
  const total = rate * minutes * 60;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let nextProbe = 5;
  let nextMinute = 60;
  let lastCpu = { secs: cpuSeconds(siptrail.pid!), at: Date.now() };
  const probes: Promise<void>[] = [];

  async function minuteRow(): Promise<Minute> {
    const text = await fetch(`${base}/metrics`).then((r) => r.text()).catch(() => '');
    const secs = siptrail.exitCode === null ? cpuSeconds(siptrail.pid!) : lastCpu.secs;
    const cpu = Math.round(((secs - lastCpu.secs) / ((Date.now() - lastCpu.at) / 1000)) * 100);
    lastCpu = { secs, at: Date.now() };
    const cassandra = await sampler.sample();
    const row: Minute = {
      minute: rows.length + 1, sent,
      received: metricSum(text, 'siptrail_capture_received_total'), stored: metricSum(text, 'siptrail_capture_stored_total'),
      queueRows: metricSum(text, 'siptrail_capture_queue_rows'), spoolMiB: Math.round(metricSum(text, 'siptrail_capture_spool_bytes') / 2 ** 20),
      siptrailCpuPct: cpu, siptrailRssMiB: siptrail.exitCode === null ? rssMiB(siptrail.pid!) : 0,
      restarts: metricSum(text, 'siptrail_local_cassandra_restarts_total') + (cassandra.pid !== null && cassandra.pid !== firstPid ? 1 : 0),
      ...prober.take(), cassandra,
    };
    appendFileSync(jsonl, JSON.stringify(row) + '\n');
    const c = row.cassandra;
    process.stderr.write(`  min ${row.minute}: sent ${sent.toLocaleString('en')} stored ${row.stored.toLocaleString('en')} queue ${row.queueRows} spool ${row.spoolMiB} MiB | heap after GC ${c.heapAfterGcMiB}/${c.heapMaxMiB} MiB, GC p99 ${c.gcP99Ms} ms, full GCs ${c.fullGcs}, pending compactions ${c.pendingCompactions}, SSTables ${c.sstables}, disk ${c.diskMiB} MiB | search p95 ${Math.round(row.searchP95)} ms (${row.searches}, ${row.misses} missed, ${row.errors} errors), flow p95 ${Math.round(row.flowP95)} ms | CPU siptrail ${row.siptrailCpuPct} % Cassandra ${c.cpuPct} %\n`);
    return row;
  }

  let sampling: Promise<void> = Promise.resolve();
  while (sent < total && !siptrailExit) {
    const due = Math.min(total, Math.floor(elapsed() * rate));
    while (sent < due) {
      sock.send(nextPacket(), PORTS.hep, '127.0.0.1', (e) => { if (e) sendErrors++; });
      sent++;
    }
    if (elapsed() >= nextProbe) {
      nextProbe += 5;
      // A group sent about 30 s ago: long enough to be written, recent enough to be searched for.
      const n = group - Math.round((rate / PACKETS_PER_GROUP) * 30);
      const at = groupTs.get(n);
      if (at !== undefined) probes.push(prober.probe(`0211${String(n % 100000).padStart(6, '0')}`, `${tag}-c${n}`, at));
      if (probes.length > 100) await Promise.all(probes.splice(0));
    }
    if (elapsed() >= nextMinute) {
      nextMinute += 60;
      sampling = sampling.then(async () => { rows.push(await minuteRow()); });
    }
    await sleep(5);
  }
  const loadSecs = elapsed();
  await Promise.all(probes);
  await sampling;
  sock.close();

  // ---- drain: the capture node has stored everything it received and its spool is empty
  const drainStart = Date.now();
  for (let stillAt = -1, since = Date.now(); !siptrailExit; ) {
    const text = await fetch(`${base}/metrics`).then((r) => r.text()).catch(() => '');
    const received = metricSum(text, 'siptrail_capture_received_total');
    const settled = metricSum(text, 'siptrail_capture_stored_total') + metricSum(text, 'siptrail_capture_rejected_total') + metricSum(text, 'siptrail_capture_dropped_total');
    const idle = settled >= received && metricSum(text, 'siptrail_capture_spool_bytes') === 0 && metricSum(text, 'siptrail_capture_queue_rows') === 0;
    if (idle && (received >= sent || (settled === stillAt && Date.now() - since > 10_000))) break;
    if (settled !== stillAt) [stillAt, since] = [settled, Date.now()];
    if (Date.now() - drainStart > 1_800_000) throw new Error('the capture node did not catch up within 30 minutes of the load');
    await sleep(1000);
  }
  const drainS = Math.round((Date.now() - drainStart) / 1000);
  rows.push(await minuteRow());

  // ---- count: the run's rows are those the table gained (every generated packet is unique)
  const stored = (await countRows(admin, 'siptrail.messages', 'day, call_id')) - before;
  const sample = await sampleCheck(admin, 'siptrail', tag, startMicros, sent, 2000);
  await admin.shutdown();
  const lastPid = runningPid(node);

  // ---- verdict
  const heap = rows.map((r) => r.cassandra.heapAfterGcMiB);
  const second = rows.slice(Math.floor(rows.length / 2)).filter((r) => r.cassandra.heapAfterGcMiB !== null).map((r): [number, number] => [r.minute / 60, r.cassandra.heapAfterGcMiB!]);
  const slopeMiBPerHour = Math.round(slope(second));
  const maxHeap = Math.max(0, ...rows.map((r) => r.cassandra.heapMaxMiB ?? 0)) || plan.heapMb;
  const restarts = Math.max(0, ...rows.map((r) => r.restarts)) + (lastPid !== firstPid ? 1 : 0);
  const oom = rows.some((r) => r.cassandra.oom);
  const lost = Math.max(0, sent - stored);
  const doubled = Math.max(0, stored - sent);
  const checks: [string, boolean][] = [
    [`no OutOfMemoryError`, !oom],
    [`no restart of Cassandra or siptrail (${restarts}${siptrailExit ? `; ${siptrailExit}` : ''})`, restarts === 0 && !siptrailExit],
    [`offered rate held (${Math.round(sent / loadSecs)} >= 99% of ${rate}/s)`, sent / loadSecs >= rate * 0.99],
    [`nothing lost (${stored.toLocaleString('en')} of ${sent.toLocaleString('en')} stored, ${lost} lost)`, lost === 0],
    [`nothing doubled (${doubled})`, doubled === 0],
    [`sampled Call-IDs complete (${sample.groups} groups, ${sample.wrong} wrong)`, sample.groups > 0 && sample.wrong === 0],
    [`heap after GC flat (second half: ${slopeMiBPerHour} MiB/hour; limit ${Math.round(maxHeap / 48)} = half of ${maxHeap} MiB per day)`, rows.length < 4 || slopeMiBPerHour * 24 <= maxHeap / 2],
  ];
  const pass = checks.every(([, ok]) => ok);

  const every = Math.max(1, Math.floor(rows.length / 12));
  printTable(rows.filter((_, i) => i % every === 0 || i === rows.length - 1).map((r) => ({
    minute: r.minute, sent: r.sent, stored: r.stored, 'heap after GC MiB': r.cassandra.heapAfterGcMiB ?? '-', 'GC p99 ms': r.cassandra.gcP99Ms ?? '-', 'full GCs': r.cassandra.fullGcs,
    'pending compactions': r.cassandra.pendingCompactions ?? '-', sstables: r.cassandra.sstables, 'disk MiB': r.cassandra.diskMiB, 'queue rows': r.queueRows, 'spool MiB': r.spoolMiB,
    'search p95 ms': Number.isFinite(r.searchP95) ? Math.round(r.searchP95) : '-', 'flow p95 ms': Number.isFinite(r.flowP95) ? Math.round(r.flowP95) : '-', misses: r.misses, errors: r.errors,
  })));
  for (const [what, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${what}\n`);
  // Growth from the first minute to the last minute of load, scaled to a day at this rate.
  const loadRows = rows.slice(0, -1);
  const perDay = loadRows.length > 1 ? Math.round(((loadRows.at(-1)!.cassandra.diskMiB - loadRows[0]!.cassandra.diskMiB) / (loadRows.length - 1)) * 60 * 24) : 0;
  process.stdout.write(`${pass ? 'PASS' : 'FAIL'}: ${minutes} min at ${rate}/s, ${stored.toLocaleString('en')} rows stored exactly once; caught up ${drainS} s after the load; disk grew about ${perDay.toLocaleString('en')} MiB/day at this rate\n`);

  const xs = rows.map((r) => r.minute);
  const svg = lineChart(`bench/soak: siptrail all defaults, ${rate} packets/s, ${minutes} min (${new Date().toISOString().slice(0, 10)})`, 'minutes since the load started', xs, [
    { title: 'Cassandra heap after GC (lowest in the minute)', unit: 'MiB', values: heap, limit: maxHeap },
    { title: 'Cassandra data + commit log on disk', unit: 'MiB', values: rows.map((r) => r.cassandra.diskMiB) },
    { title: 'search p95 (To user, last 10 min, via HTTP)', unit: 'ms', values: rows.map((r) => (Number.isFinite(r.searchP95) ? r.searchP95 : null)) },
    { title: 'pending compactions', unit: 'tasks', values: rows.map((r) => r.cassandra.pendingCompactions) },
  ]);
  const svgFile = join(resultsDir, `soak-${stamp}.svg`);
  writeFileSync(svgFile, svg);
  process.stdout.write(`written ${writeResult('soak', { minutes, rate, reuse, plan, pass, checks: Object.fromEntries(checks), sent, stored, before, lost, doubled, restarts, oom, drainS, slopeMiBPerHour, sample, rows })}, ${svgFile}\n`);

  if (keepRunning) process.stdout.write(`siptrail all keeps running (pid ${siptrail.pid}); stop it with kill -INT ${siptrail.pid}\n`);
  else if (siptrail.exitCode === null) {
    siptrail.kill('SIGINT');
    await new Promise((r) => siptrail.once('exit', r));
  }
  process.exit(pass ? 0 : 1);
} catch (err) {
  process.stderr.write(`bench:soak: ${(err as Error).stack ?? String(err)}\n`);
  if (siptrail.exitCode === null) {
    siptrail.kill('SIGINT');
    await new Promise((r) => siptrail.once('exit', r));
  }
  process.exit(2);
}
