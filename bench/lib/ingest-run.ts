// One ingest measurement shared by bench/ingest, bench/10m-hour and bench/scale: a fresh
// keyspace, K capture processes (each its own HEP/UDP port), an offered HEP3 rate split
// over them by dialog (as the agent does), then a drain and a count of every row.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { projectRoot } from '../../src/util/project-root.js';
import { connectCassandra } from '../../src/store/cassandra/client.js';
import { migrate } from '../../src/migrate/migrate.js';
import { silentLogger } from '../../src/log/logger.js';
import { countRows, type BenchCassandra } from './bench-cassandra.js';
import { cpuSeconds, rssMiB } from './proc.js';
import { histogramQuantile, metricSum } from './metrics-text.js';
import { dialogCallIds, keyedHepTraffic, PACKETS_PER_GROUP } from './traffic.js';
import cassandraDriver from 'cassandra-driver';

const root = projectRoot(import.meta.dirname);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one ingest run is asked to do. */
export interface IngestPlan {
  rate: number;
  seconds: number;
  captures: number;
  /** Distinguishes runs: keyspace, ports and Call-IDs. */
  tag: string;
  /** Extra flags for every capture process. */
  captureArgs?: string[];
  /** Drops the search indexes first (what do they cost?). */
  noSai?: boolean;
  /** Prints a progress line this often (0: never). */
  progressSec?: number;
  /** Dialog groups whose every Call-ID is then read back and its messages counted (0: none). */
  sampleGroups?: number;
  /** Called once the load runs, with the capture PIDs (failure drills, kill experiments). */
  during?: (ctx: { capturePids: number[]; elapsed: () => number }) => Promise<void>;
}

/** What one ingest run measured. */
export interface IngestResult {
  offered_pps: number;
  achieved_pps: number;
  captures: number;
  cassandra_nodes: number;
  sent: number;
  received: number;
  stored_rows: number;
  search_rows: number;
  lost: number;
  duplicated: number;
  rejected: number;
  spooled: number;
  capture_cpu_pct: number[];
  cassandra_cpu_pct: number[];
  generator_cpu_pct: number;
  /**
   * CPU time per stored packet (µs) of the capture nodes and of Cassandra, from the start of
   * the load until every row was stored (the drain included: a Cassandra that falls behind
   * does its work after the load, which the *_cpu_pct columns of the load window miss).
   * Compaction that runs later is not in it.
   */
  capture_us_per_pkt: number;
  cassandra_us_per_pkt: number;
  /** Cores (capture + Cassandra) per 1,000 packets/s, from the two above. */
  cores_per_1000_pps: number;
  capture_rss_mib: number[];
  p99_write_ms: number;
  /** Seconds from the end of the load until every capture node had stored everything. */
  drain_s: number;
  sampled_groups: number;
  /** Sampled Call-IDs whose stored message count differs from what was sent. */
  sampled_wrong: number;
}

interface Capture {
  child: ChildProcess;
  hep: number;
  http: number;
  spool: string;
}

function cliMain(): string[] {
  const built = join(root, 'dist', 'cluster', 'main.js');
  return existsSync(built) ? [built] : ['--import', 'tsx', join(root, 'cluster', 'main.ts')];
}

async function metrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

async function startCapture(cas: BenchCassandra, ks: string, hep: number, http: number, extra: string[]): Promise<Capture> {
  const spool = mkdtempSync(join(tmpdir(), 'siptrail-bench-spool-'));
  const args = [...cliMain(), 'capture', '--cassandra.mode=external', `--cassandra.contact-points=${cas.contact}`, `--cassandra.keyspace=${ks}`, `--capture.hep-udp=127.0.0.1:${hep}`, '--capture.hep-tcp=', `--http.listen=127.0.0.1:${http}`, `--capture.spool-dir=${spool}`, `--capture.location=bench-${hep}`, '--log.level=warn', '--log.format=json', ...extra];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let t = 0; t < 600; t++) {
    if ((await fetch(`http://127.0.0.1:${http}/health`).then((r) => r.status).catch(() => 0)) === 200) return { child, hep, http, spool };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`capture node on ${hep} did not become healthy`);
}

/** Sends `rate` packets/s for `secs` in 5 ms ticks, each dialog to one target port. */
async function offer(ports: number[], plan: IngestPlan, capturePids: number[], startMicros: bigint): Promise<{ sent: number; errors: number; elapsed: number; cpu: number }> {
  const sock = createSocket('udp4');
  sock.on('error', () => undefined);
  const gen = keyedHepTraffic(plan.tag, startMicros);
  const total = Math.round(plan.rate * plan.seconds);
  let sent = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const during = plan.during?.({ capturePids, elapsed });
  let nextProgress = plan.progressSec ?? 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(elapsed() * plan.rate));
    while (sent < due) {
      const [packet, dialog] = gen.next().value as [Buffer, number];
      sock.send(packet, ports[dialog % ports.length], '127.0.0.1', (e) => { if (e) errors++; });
      sent++;
    }
    if (nextProgress && elapsed() >= nextProgress) {
      process.stderr.write(`  ${Math.round(elapsed())} s: ${sent} packets sent (${Math.round(sent / elapsed())}/s)\n`);
      nextProgress += plan.progressSec ?? 0;
    }
    await sleep(5);
  }
  const secs = elapsed();
  const used = process.cpuUsage(cpu0);
  await during;
  await sleep(200);
  sock.close();
  return { sent, errors, elapsed: secs, cpu: (used.user + used.system) / 1e6 };
}

/** Waits until every capture node has stored, rejected or dropped what it received and its spool is empty. */
async function drain(caps: Capture[], expected: number): Promise<string[]> {
  let texts: string[] = [];
  let stillAt = -1;
  let stillSince = Date.now();
  for (;;) {
    texts = await Promise.all(caps.map((c) => metrics(c.http)));
    const sum = (name: string) => texts.reduce((a, t) => a + metricSum(t, name), 0);
    const received = sum('siptrail_capture_received_total');
    const settled = sum('siptrail_capture_stored_total') + sum('siptrail_capture_rejected_total') + sum('siptrail_capture_dropped_total');
    const spool = sum('siptrail_capture_spool_bytes');
    if (settled >= received && spool === 0 && received >= expected) break;
    // The kernel dropped datagrams: once nothing has moved for 10 s, nothing more will come.
    if (settled >= received && spool === 0 && settled === stillAt && Date.now() - stillSince > 10_000) break;
    if (settled !== stillAt) [stillAt, stillSince] = [settled, Date.now()];
    if (Date.now() - stillSince > 600_000) throw new Error('capture nodes made no progress for 10 minutes while draining');
    await sleep(500);
  }
  return texts;
}

/** Reads back every Call-ID of `count` evenly spread complete groups; returns how many hold the wrong number of messages (exported for bench/soak). */
export async function sampleCheck(admin: cassandra.Client, ks: string, tag: string, startMicros: bigint, sent: number, count: number): Promise<{ groups: number; wrong: number }> {
  const full = Math.floor(sent / PACKETS_PER_GROUP);
  const groups = Math.min(count, full);
  let wrong = 0;
  const day = (micros: bigint) => cassandraDriver.types.LocalDate.fromDate(new Date(Number(micros / 1000n)));
  for (let i = 0; i < groups; i++) {
    const n = Math.floor((i * full) / groups);
    for (const c of dialogCallIds(tag, n, startMicros)) {
      // A dialog could straddle midnight: count its Call-ID on the day of its first packet and the next.
      let stored = 0;
      for (const d of [c.tsMicros, c.tsMicros + 86_400_000_000n]) {
        const rs = await admin.execute(`SELECT COUNT(*) AS n FROM ${ks}.messages WHERE day = ? AND call_id = ?`, [day(d), c.callId], { prepare: true, consistency: cassandraDriver.types.consistencies.quorum });
        stored += Number(rs.first().get('n'));
      }
      if (stored !== c.packets) wrong++;
    }
  }
  return { groups, wrong };
}

/** Runs one plan against a started bench Cassandra; drops its keyspace afterwards. */
export async function runIngest(cas: BenchCassandra, plan: IngestPlan, base: number): Promise<IngestResult> {
  const ks = `bench_${plan.tag}_${Date.now()}`.replace(/\W/g, '_').toLowerCase();
  const cfg = { ...cas.cfg, keyspace: ks };
  const admin: cassandra.Client = await connectCassandra(cfg);
  const caps: Capture[] = [];
  let finished = false;
  try {
    await migrate(admin, cfg, silentLogger());
    if (plan.noSai) {
      const idx = await admin.execute('SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?', [ks], { prepare: true });
      for (const r of idx.rows) await admin.execute(`DROP INDEX ${ks}.${r.get('index_name') as string}`);
    }
    for (let k = 0; k < plan.captures; k++) caps.push(await startCapture(cas, ks, base + k, base + 100 + k, plan.captureArgs ?? []));
    const pids = caps.map((c) => c.child.pid ?? 0);
    const cap0 = pids.map(cpuSeconds);
    const cas0 = cas.pids.map(cpuSeconds);
    const startMicros = BigInt(Date.now()) * 1000n;
    const sent = await offer(caps.map((c) => c.hep), plan, pids, startMicros);
    const loadEnd = Date.now();
    const pct = (now: number, before: number) => Math.round(((now - before) / sent.elapsed) * 100);
    const capCpu = caps.map((c, i) => (c.child.exitCode === null ? pct(cpuSeconds(pids[i] ?? 0), cap0[i] ?? 0) : -1));
    const casCpu = cas.pids.map((p, i) => { try { return pct(cpuSeconds(p), cas0[i] ?? 0); } catch { return -1; } });
    const rss = caps.map((c, i) => (c.child.exitCode === null ? rssMiB(pids[i] ?? 0) : 0));
    const texts = await drain(caps.filter((c) => c.child.exitCode === null), sent.sent - sent.errors);
    const drainS = Math.round((Date.now() - loadEnd) / 100) / 10;
    const spent = (now: number[], then: number[]) => now.reduce((a, v, i) => a + Math.max(0, v - (then[i] ?? 0)), 0);
    const capSpent = spent(pids.map((p, i) => (caps[i]?.child.exitCode === null ? cpuSeconds(p) : 0)), cap0);
    const casSpent = spent(cas.pids.map((p) => { try { return cpuSeconds(p); } catch { return 0; } }), cas0);
    const sum = (name: string) => texts.reduce((a, t) => a + metricSum(t, name), 0);
    const rows = await countRows(admin, `${ks}.messages`, 'day, call_id');
    const byTime = await countRows(admin, `${ks}.search_rows`, 'day, bucket, shard');
    const sample = await sampleCheck(admin, ks, plan.tag, startMicros, sent.sent, plan.sampleGroups ?? 0);
    finished = true;
    return {
      offered_pps: plan.rate,
      achieved_pps: Math.round(sent.sent / sent.elapsed),
      captures: plan.captures,
      cassandra_nodes: cas.pids.length,
      sent: sent.sent,
      received: sum('siptrail_capture_received_total'),
      stored_rows: rows,
      search_rows: byTime,
      lost: Math.max(0, sent.sent - rows),
      // Every generated packet is unique, so more rows than packets would be a double store.
      duplicated: Math.max(0, rows - sent.sent),
      rejected: sum('siptrail_capture_rejected_total'),
      spooled: sum('siptrail_capture_spooled_total'),
      capture_cpu_pct: capCpu,
      cassandra_cpu_pct: casCpu,
      generator_cpu_pct: Math.round((sent.cpu / sent.elapsed) * 100),
      capture_us_per_pkt: rows > 0 ? Math.round((capSpent / rows) * 1e6) : 0,
      cassandra_us_per_pkt: rows > 0 ? Math.round((casSpent / rows) * 1e6) : 0,
      cores_per_1000_pps: rows > 0 ? Math.round(((capSpent + casSpent) / rows) * 1e3 * 100) / 100 : 0,
      capture_rss_mib: rss,
      p99_write_ms: Math.round(Math.max(...texts.map((t) => histogramQuantile(t, 'siptrail_capture_write_seconds', 0.99))) * 1000),
      drain_s: drainS,
      sampled_groups: sample.groups,
      sampled_wrong: sample.wrong,
    };
  } finally {
    for (const c of caps) {
      if (c.child.exitCode === null) {
        c.child.kill('SIGINT');
        await new Promise((r) => c.child.once('exit', r));
      }
      rmSync(c.spool, { recursive: true, force: true });
    }
    // A run that failed half-way keeps its rows, so they can be counted again by hand.
    if (finished) await admin.execute(`DROP KEYSPACE IF EXISTS ${ks}`, [], { readTimeout: 120_000 }).catch(() => undefined);
    else process.stderr.write(`bench: the run failed; keyspace ${ks} is kept for inspection (DROP KEYSPACE ${ks} when done)\n`);
    await admin.shutdown();
  }
}

/** A result as one table row (lists joined with `/`). */
export function tableRow(r: IngestResult): Record<string, string | number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
}
