// bench/soak: `siptrail all` with its default configuration (what `npm start` runs: the
// local single-node Cassandra with its automatic heap and settings) under the mission's
// 2,800 HEP3/UDP packets/s of call flows, registrations and pings for hours, with a
// search and a call-flow request every 5 s. Once a minute it records heap after GC, GC
// pause p99, pending compactions, SSTables, disk used, the capture queue and spool,
// search latency, and every restart. Afterwards it counts the run's rows.
//   npm run bench:soak -- [--hours 1 | --minutes 60] [--rate 2800] [--layout all|deploy] [--reuse] [--heap-mb N]
// --layout deploy soaks a 3-node `siptrail deploy` (RF 3, one capture, one query process)
// instead. Only folders and ports differ from the defaults (.siptrail/soak: CQL 9442, HEP
// 19060, HTTP 18080; .siptrail/soak-deploy: CQL 9452, HEP 19070, HTTP 18090), so a soak
// never meets `npm start`. --reuse keeps the data of the last soak (a restart on millions
// of rows); otherwise the folder is wiped first. --heap-mb sets the heap a smaller machine
// would get automatically (all layout only; 1024 is the floor of the automatic heap).
// FAIL on: any OutOfMemoryError, any restart of Cassandra or siptrail, any lost or doubled
// row, a sampled Call-ID with the wrong message count, or heap after GC trending upward
// (least-squares slope over the second half of the load, after minute 15, that would add
// half the heap in 24 hours; runs with fewer than 10 such minutes are not judged on it).
// Writes bench/results/soak-*.json, a per-minute .jsonl as it goes, and an .svg chart.
import { createSocket } from 'node:dgram';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/util/project-root.js';
import { defaultConfig } from '../src/config/fields.js';
import { encodeHep } from '../src/hep/index.js';
import { connectCassandra } from '../src/store/cassandra/client.js';
import { toHep } from '../test/support/call-flows.js';
import { findJava } from '../cluster/install.js';
import { memoryPlan } from '../cluster/memory-plan.js';
import { runningPid } from '../cluster/local-cluster.js';
import { benchArgs } from './lib/args.js';
import { countRows } from './lib/bench-cassandra.js';
import { sampleCheck } from './lib/ingest-run.js';
import { metricSum } from './lib/metrics-text.js';
import { cpuSeconds, rssMiB } from './lib/proc.js';
import { printTable, writeResult } from './lib/report.js';
import { NodeSampler, type NodeMinute } from './lib/soak-node.js';
import { login, Prober, type ProbeWindow } from './lib/soak-probe.js';
import { startAll, startDeploy } from './lib/soak-target.js';
import { slope } from './lib/stats.js';
import { lineChart } from './lib/svg-chart.js';
import { dialogGroup, PACKETS_PER_GROUP } from './lib/traffic.js';

const root = projectRoot(import.meta.dirname);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const { minutes, rate, reuse, heapMb, layout } = benchArgs('bench:soak', (a) => {
  const hours = a.optionalInt('hours', 1, 48);
  const given = a.int('minutes', 60, 1, 48 * 60);
  return {
    minutes: hours ? hours * 60 : given,
    rate: a.int('rate', 2800, 1, 50_000),
    reuse: a.flag('reuse'),
    /** 0: automatic, as `npm start` gets it. */
    heapMb: a.optionalInt('heap-mb', 256, 32_768) ?? 0,
    layout: a.choice('layout', ['all', 'deploy'], 'all'),
  };
});
const tag = `soak${Date.now() % 1_000_000}`;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const jsonl = join(resultsDir, `soak-${layout}-${stamp}.jsonl`);

const target = layout === 'all' ? await startAll(root, reuse, heapMb) : await startDeploy(root, reuse);
const plan = memoryPlan(target.local);
process.stderr.write(`bench:soak: ${layout === 'all' ? 'siptrail all' : `siptrail deploy (${target.nodes.length} Cassandra nodes, RF ${Math.min(3, target.nodes.length)})`} with its defaults (heap ${plan.heapMb} MiB ${plan.heapFrom}, SAI buffer ${plan.saiSegmentBufferMb} MiB) <- ${rate} packets/s for ${minutes} min (${(rate * minutes * 60).toLocaleString('en')} packets)${reuse ? ', on the data of the last soak' : ''}; per-minute rows in ${jsonl}\n`);

/** One minute of the soak: load, capture, probes, and every Cassandra node. */
interface Minute extends ProbeWindow {
  minute: number;
  sent: number;
  received: number;
  /** Datagrams the kernel discarded on the capture nodes' UDP sockets so far (never received). */
  kernelDrops: number;
  stored: number;
  queueRows: number;
  spoolMiB: number;
  siptrailCpuPct: number[];
  siptrailRssMiB: number[];
  restarts: number;
  cassandra: NodeMinute[];
}

try {
  const prober = new Prober(target.queryBase, await login(target.queryBase, target.admin.user, target.admin.password));
  const lib = join(target.local.libDir, `cassandra-${target.local.version}`);
  const samplers = target.nodes.map((n) => new NodeSampler(n, findJava(target.local), lib, 'siptrail'));
  const admin = await connectCassandra({ ...defaultConfig().cassandra, mode: 'external', contactPoints: target.contactPoints });
  const before = reuse ? await countRows(admin, 'siptrail.messages', 'day, call_id') : 0;
  const firstPids = target.nodes.map(runningPid);

  // ---- the load: each group stamped with the time it is sent; group n's stamp is kept for probes and read-back
  const startMicros = BigInt(Date.now()) * 1000n;
  const groupTs = new Map<number, bigint>();
  const sock = createSocket('udp4');
  sock.on('error', () => undefined);
  let sent = 0;
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
    const next = queue.shift();
    if (!next) throw new Error('the traffic generator gave an empty group');
    return next;
  };

  const rows: Minute[] = [];
  const total = rate * minutes * 60;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const pids = target.pids();
  let lastCpu = { secs: pids.map(cpuSeconds), at: Date.now() };
  const metricsOf = async () => Promise.all(target.captureMetrics.map((u) => fetch(u).then((r) => r.text()).catch(() => '')));
  const sum = (texts: string[], name: string) => texts.reduce((a, t) => a + metricSum(t, name), 0);

  const minuteRow = async (): Promise<Minute> => {
    const texts = await metricsOf();
    const secs = pids.map((p, i) => (target.exited() ? (lastCpu.secs[i] ?? 0) : cpuSeconds(p)));
    const cpu = secs.map((s, i) => Math.round(((s - (lastCpu.secs[i] ?? 0)) / ((Date.now() - lastCpu.at) / 1000)) * 100));
    lastCpu = { secs, at: Date.now() };
    const cassandra = await Promise.all(samplers.map((s) => s.sample()));
    const row: Minute = {
      minute: rows.length + 1, sent,
      received: sum(texts, 'siptrail_capture_received_total'), kernelDrops: sum(texts, 'siptrail_capture_udp_kernel_drops'), stored: sum(texts, 'siptrail_capture_stored_total'),
      queueRows: sum(texts, 'siptrail_capture_queue_rows'), spoolMiB: Math.round(sum(texts, 'siptrail_capture_spool_bytes') / 2 ** 20),
      siptrailCpuPct: cpu, siptrailRssMiB: target.exited() ? [] : pids.map(rssMiB),
      restarts: sum(texts, 'siptrail_local_cassandra_restarts_total') + cassandra.filter((c, i) => c.pid !== null && c.pid !== firstPids[i]).length,
      ...prober.take(), cassandra,
    };
    appendFileSync(jsonl, JSON.stringify(row) + '\n');
    const c = row.cassandra;
    const list = (f: (n: NodeMinute) => unknown) => c.map(f).join('/');
    process.stderr.write(`  min ${row.minute}: sent ${sent.toLocaleString('en')} stored ${row.stored.toLocaleString('en')} kernel drops ${row.kernelDrops} queue ${row.queueRows} spool ${row.spoolMiB} MiB | heap after GC ${list((n) => n.heapAfterGcMiB)} of ${list((n) => n.heapMaxMiB)} MiB, GC p99 ${list((n) => n.gcP99Ms)} ms, full GCs ${list((n) => n.fullGcs)}, pending compactions ${list((n) => n.pendingCompactions)}, SSTables ${list((n) => n.sstables)}, disk ${list((n) => n.diskMiB)} MiB | search p95 ${Math.round(row.searchP95)} ms (${row.searches}, ${row.misses} missed, ${row.errors} errors), flow p95 ${Math.round(row.flowP95)} ms | CPU siptrail ${cpu.join('/')} % Cassandra ${list((n) => n.cpuPct)} %\n`);
    return row;
  };

  let nextProbe = 5;
  let nextMinute = 60;
  const probes: Promise<void>[] = [];
  let sampling: Promise<void> = Promise.resolve();
  while (sent < total && !target.exited()) {
    const due = Math.min(total, Math.floor(elapsed() * rate));
    while (sent < due) {
      sock.send(nextPacket(), target.hep.port, target.hep.host);
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

  // ---- drain: the capture nodes have stored everything they received and their spools are empty
  const drainStart = Date.now();
  for (let stillAt = -1, since = Date.now(); !target.exited(); ) {
    const texts = await metricsOf();
    const received = sum(texts, 'siptrail_capture_received_total');
    const settled = sum(texts, 'siptrail_capture_stored_total') + sum(texts, 'siptrail_capture_rejected_total') + sum(texts, 'siptrail_capture_dropped_total');
    const idle = settled >= received && sum(texts, 'siptrail_capture_spool_bytes') === 0 && sum(texts, 'siptrail_capture_queue_rows') === 0;
    if (idle && (received >= sent || (settled === stillAt && Date.now() - since > 10_000))) break;
    if (settled !== stillAt) [stillAt, since] = [settled, Date.now()];
    if (Date.now() - drainStart > 1_800_000) throw new Error('the capture nodes did not catch up within 30 minutes of the load');
    await sleep(1000);
  }
  const drainS = Math.round((Date.now() - drainStart) / 1000);
  rows.push(await minuteRow());

  // ---- count: the run's rows are those the table gained (every generated packet is unique)
  const stored = (await countRows(admin, 'siptrail.messages', 'day, call_id')) - before;
  const sample = await sampleCheck(admin, 'siptrail', tag, startMicros, sent, 2000);
  await admin.shutdown();
  const lastPids = target.nodes.map(runningPid);

  // ---- verdict: the worst node counts
  const worst = (r: Minute, f: (n: NodeMinute) => number | null) => {
    const v = r.cassandra.map(f).filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const heap = rows.map((r) => worst(r, (n) => n.heapAfterGcMiB));
  // The second half of the load, and never the first 15 minutes: memtables and the first
  // compactions fill the heap from nothing then. Shorter runs are not judged on the trend.
  const judged = rows.slice(0, -1).filter((r) => r.minute > Math.max(15, minutes / 2));
  const second = judged.map((r): [number, number | null] => [r.minute / 60, worst(r, (n) => n.heapAfterGcMiB)]).filter((p): p is [number, number] => p[1] !== null);
  const slopeMiBPerHour = Math.round(slope(second));
  const maxHeap = Math.max(0, ...rows.map((r) => worst(r, (n) => n.heapMaxMiB) ?? 0)) || plan.heapMb;
  const restarts = Math.max(0, ...rows.map((r) => r.restarts)) + lastPids.filter((p, i) => p !== firstPids[i]).length;
  const oom = rows.some((r) => r.cassandra.some((n) => n.oom));
  const lost = Math.max(0, sent - stored);
  const doubled = Math.max(0, stored - sent);
  const exited = target.exited();
  const checks: [string, boolean][] = [
    ['no OutOfMemoryError', !oom],
    [`no restart of Cassandra or siptrail (${restarts}${exited ? `; ${exited}` : ''})`, restarts === 0 && !exited],
    [`offered rate held (${Math.round(sent / loadSecs)} >= 99% of ${rate}/s)`, sent / loadSecs >= rate * 0.99],
    [`nothing lost (${stored.toLocaleString('en')} of ${sent.toLocaleString('en')} stored, ${lost} lost; the kernel dropped ${rows.at(-1)?.kernelDrops ?? 0} datagrams before siptrail read them)`, lost === 0],
    [`nothing doubled (${doubled})`, doubled === 0],
    [`sampled Call-IDs complete (${sample.groups} groups, ${sample.wrong} wrong)`, sample.groups > 0 && sample.wrong === 0],
    second.length < 10
      ? ['heap after GC trend not judged (fewer than 10 minutes after minute 15 and half-time)', true]
      : [`heap after GC flat (minutes ${Math.round((second[0]?.[0] ?? 0) * 60)}-${Math.round((second.at(-1)?.[0] ?? 0) * 60)}: ${slopeMiBPerHour} MiB/hour; limit ${Math.round(maxHeap / 48)} = half of ${maxHeap} MiB per day)`, slopeMiBPerHour * 24 <= maxHeap / 2],
  ];
  const pass = checks.every(([, ok]) => ok);

  const every = Math.max(1, Math.floor(rows.length / 12));
  const show = (v: number | null) => (v === null || !Number.isFinite(v) ? '-' : Math.round(v));
  printTable(rows.filter((_, i) => i % every === 0 || i === rows.length - 1).map((r) => ({
    minute: r.minute, sent: r.sent, stored: r.stored, 'heap after GC MiB': show(worst(r, (n) => n.heapAfterGcMiB)), 'GC p99 ms': show(worst(r, (n) => n.gcP99Ms)), 'full GCs': r.cassandra.reduce((a, n) => a + n.fullGcs, 0),
    'pending compactions': show(worst(r, (n) => n.pendingCompactions)), sstables: show(worst(r, (n) => n.sstables)), 'disk MiB': show(worst(r, (n) => n.diskMiB)), 'kernel drops': r.kernelDrops, 'queue rows': r.queueRows, 'spool MiB': r.spoolMiB,
    'search p95 ms': show(r.searchP95), 'flow p95 ms': show(r.flowP95), misses: r.misses, errors: r.errors,
  })));
  for (const [what, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${what}\n`);
  // Growth from the first to the last minute of load, scaled to a day at this rate.
  const loadRows = rows.slice(0, -1);
  const disk = (r: Minute | undefined) => (r ? worst(r, (n) => n.diskMiB) ?? 0 : 0);
  const perDay = loadRows.length > 1 ? Math.round(((disk(loadRows.at(-1)) - disk(loadRows[0])) / (loadRows.length - 1)) * 60 * 24) : 0;
  process.stdout.write(`${pass ? 'PASS' : 'FAIL'}: ${minutes} min at ${rate}/s, ${stored.toLocaleString('en')} rows stored exactly once; caught up ${drainS} s after the load; disk grew about ${perDay.toLocaleString('en')} MiB/day per node at this rate\n`);

  const svg = lineChart(`bench/soak (${layout}): defaults, ${rate} packets/s, ${minutes} min (${new Date().toISOString().slice(0, 10)})`, 'minutes since the load started', rows.map((r) => r.minute), [
    { title: 'Cassandra heap after GC (lowest in the minute, worst node)', unit: 'MiB', values: heap, limit: maxHeap },
    { title: 'Cassandra data + commit log on disk (largest node)', unit: 'MiB', values: rows.map((r) => worst(r, (n) => n.diskMiB)) },
    { title: 'search p95 (To user, last 10 min, via HTTP)', unit: 'ms', values: rows.map((r) => (Number.isFinite(r.searchP95) ? r.searchP95 : null)) },
    { title: 'pending compactions (worst node)', unit: 'tasks', values: rows.map((r) => worst(r, (n) => n.pendingCompactions)) },
  ]);
  const svgFile = join(resultsDir, `soak-${layout}-${stamp}.svg`);
  writeFileSync(svgFile, svg);
  process.stdout.write(`written ${writeResult(`soak-${layout}`, { layout, minutes, rate, reuse, plan, pass, checks: Object.fromEntries(checks), sent, stored, before, lost, doubled, restarts, oom, drainS, slopeMiBPerHour, perDayMiB: perDay, sample, rows })}, ${svgFile}\n`);
  await target.stop();
  process.exit(pass ? 0 : 1);
} catch (err) {
  process.stderr.write(`bench:soak: ${(err as Error).stack ?? String(err)}\n`);
  await target.stop();
  process.exit(2);
}
