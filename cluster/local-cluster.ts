// Starts, stops and reports the local Cassandra nodes siptrail runs itself. A node is
// a detached JVM whose PID is kept in its folder; stop and status only ever touch a
// process whose command line names that node's folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import type { LocalCassandraConfig } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';
import { ClusterError, ensureInstalled, findJava } from './install.js';
import { jvmArgs, localNodes, renderLogback, renderYaml, type LocalNode } from './node-files.js';
import { memoryPlan } from './memory-plan.js';

/** What `status` reports for one node. */
export interface NodeStatus {
  node: LocalNode;
  pid: number | null;
  running: boolean;
  cql: boolean;
}

/** PID of the node's JVM if that process is alive and really is this node. */
export function runningPid(node: LocalNode): number | null {
  const pidFile = join(node.dir, 'pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes(`-Dsiptrail.node=${node.dir}\0`) ? pid : null;
  } catch {
    return null;
  }
}

/** A node's file saying that stopLocal stopped it on purpose: the PID it stopped (empty: it was down already). */
const STOP_FILE = 'stop-requested';

/** The last deliberate stop of a node (siptrail cassandra stop, Ctrl-C of siptrail all, deploy down): PID and when; null if none. */
export function lastStop(node: LocalNode): { pid: number | null; atMs: number } | null {
  const file = join(node.dir, STOP_FILE);
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return { pid: pid > 0 ? pid : null, atMs: statSync(file).mtimeMs };
  } catch {
    return null;
  }
}

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host, port });
    const finish = (v: boolean) => { s.destroy(); done(v); };
    s.setTimeout(timeoutMs, () => finish(false));
    s.once('connect', () => finish(true));
    s.once('error', () => finish(false));
  });
}

/** The config with `nodes` set to the size the existing local ring was made with, if there is one. */
export function existingRing(cfg: LocalCassandraConfig): LocalCassandraConfig {
  const file = resolve(cfg.dir, 'nodes', 'ring.json');
  if (!existsSync(file)) return cfg;
  const ring = JSON.parse(readFileSync(file, 'utf8')) as { nodes: number };
  return { ...cfg, nodes: ring.nodes };
}

function checkLayout(cfg: LocalCassandraConfig): void {
  const file = resolve(cfg.dir, 'nodes', 'ring.json');
  if (existsSync(file)) {
    const ring = JSON.parse(readFileSync(file, 'utf8')) as { nodes: number };
    if (ring.nodes !== cfg.nodes) {
      throw new ClusterError(`the local ring in ${resolve(cfg.dir)} was made with ${ring.nodes} node(s), not ${cfg.nodes}; stop it and run "siptrail cassandra wipe" to start over with a different size`);
    }
  } else {
    mkdirSync(resolve(cfg.dir, 'nodes'), { recursive: true });
    writeFileSync(file, JSON.stringify({ nodes: cfg.nodes }) + '\n');
  }
}

function logTail(node: LocalNode, lines = 8): string {
  for (const f of [join(node.dir, 'logs', 'system.log'), join(node.dir, 'stdout.log')]) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8').trim().split('\n');
    const errors = text.filter((l) => /ERROR|Exception|Error:/.test(l)).slice(-3);
    return (errors.length ? errors : text.slice(-lines)).join('\n');
  }
  return '(no log written)';
}

async function waitForCql(node: LocalNode, pid: number, timeoutSec: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutSec * 1000;
  while (Date.now() < deadline) {
    if (await portOpen(node.address, node.cqlPort, 500)) return;
    if (signal?.aborted) throw new ClusterError(`stopped waiting for Cassandra node ${node.index} (pid ${pid}) to answer CQL: siptrail is stopping`);
    try {
      process.kill(pid, 0);
    } catch {
      throw new ClusterError(`Cassandra node ${node.index} (${node.address}) exited during start-up; see ${join(node.dir, 'logs', 'system.log')}:\n${logTail(node)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new ClusterError(`Cassandra node ${node.index} did not answer CQL on ${node.address}:${node.cqlPort} within ${timeoutSec}s; see ${join(node.dir, 'logs', 'system.log')}`);
}

/**
 * A detached node gets its own session and so, with Linux autogroup scheduling, its own
 * CPU group, where a thread's niceness only counts against the group's other threads:
 * the group itself is made nice too, or the node still takes an equal share of the CPU.
 */
function niceAutogroup(pid: number, nice: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // no autogroup scheduling here (kernel option off, or not Linux): process niceness applies as is
  }
}

/** What a caller may ask of startLocal besides the config (the supervisor restarts one node). */
export interface StartOptions {
  /** Only these nodes (1-based indexes); default: every configured node. */
  nodes?: number[];
  /** Stops the wait for CQL (the node keeps starting; its PID is in its pid file). */
  signal?: AbortSignal;
  /** Called with each JVM as soon as it is spawned, e.g. to learn its exit status. */
  onSpawn?: (node: LocalNode, child: ChildProcess) => void;
}

/** Installs if needed and starts every configured node not already running, one after the other. Returns the PIDs it started. */
export async function startLocal(cfg: LocalCassandraConfig, log: Logger, opts: StartOptions = {}): Promise<number[]> {
  const java = findJava(cfg);
  const lib = ensureInstalled(cfg, log);
  checkLayout(cfg);
  const nodes = localNodes(cfg);
  const plan = memoryPlan(cfg);
  const started: number[] = [];
  for (const node of nodes) {
    if (opts.nodes && !opts.nodes.includes(node.index)) continue;
    const existing = runningPid(node);
    if (existing) {
      log.info(`Cassandra node ${node.index} already running (pid ${existing}) on ${node.address}:${node.cqlPort}`);
      continue;
    }
    if (await portOpen(node.address, node.cqlPort, 500)) {
      throw new ClusterError(`${node.address}:${node.cqlPort} is already taken by a process siptrail did not start; stop it, or set local.cqlPort, or use cassandra.mode=external to use it`);
    }
    for (const sub of ['data', 'commitlog', 'saved_caches', 'hints', 'cdc_raw', 'logs']) mkdirSync(join(node.dir, sub), { recursive: true });
    writeFileSync(join(node.dir, 'cassandra.yaml'), renderYaml(node, nodes, plan));
    writeFileSync(join(node.dir, 'logback.xml'), renderLogback(node));
    const out = openSync(join(node.dir, 'stdout.log'), 'a');
    // `nice` execs java, so the PID is the JVM's and every JVM thread inherits the niceness.
    const [cmd, args] = cfg.nice > 0 ? ['nice', ['-n', String(cfg.nice), java, ...jvmArgs(node, lib, plan)]] : [java, jvmArgs(node, lib, plan)];
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    if (!child.pid) throw new ClusterError(`could not start ${java}`);
    child.unref();
    if (cfg.nice > 0) niceAutogroup(child.pid, cfg.nice);
    writeFileSync(join(node.dir, 'pid'), `${child.pid}\n`);
    opts.onSpawn?.(node, child);
    log.info(`Cassandra node ${node.index} starting (pid ${child.pid}) on ${node.address}:${node.cqlPort}, heap ${plan.heapMb} MiB (${plan.heapFrom === 'auto' ? 'automatic' : 'local.heapMb'}), SAI segment buffer ${plan.saiSegmentBufferMb} MiB, memtable space ${plan.memtableSpaceMb} MiB on and off the heap`);
    await waitForCql(node, child.pid, cfg.startTimeoutSec, opts.signal);
    log.info(`Cassandra node ${node.index} answers CQL on ${node.address}:${node.cqlPort}`);
    started.push(child.pid);
  }
  return started;
}

/** Stops the given nodes (default: all configured), SIGTERM first and SIGKILL after `graceMs`. */
export async function stopLocal(cfg: LocalCassandraConfig, log: Logger, only?: number[], graceMs = 20_000): Promise<number> {
  let stopped = 0;
  for (const node of localNodes(existingRing(cfg)).reverse()) {
    const pid = runningPid(node);
    if (only && (!pid || !only.includes(pid))) continue;
    // Said before the signal, so a supervisor that sees the node gone knows it was meant; also
    // for a node that is down already, so that no supervisor restarts it after its back-off.
    if (existsSync(node.dir)) writeFileSync(join(node.dir, STOP_FILE), `${pid ?? ''}\n`);
    if (!pid) continue;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (runningPid(node) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (runningPid(node)) {
      log.warn(`Cassandra node ${node.index} (pid ${pid}) ignored SIGTERM for ${graceMs / 1000}s; killing it`);
      process.kill(pid, 'SIGKILL');
    }
    rmSync(join(node.dir, 'pid'), { force: true });
    log.info(`Cassandra node ${node.index} (pid ${pid}) stopped`);
    stopped++;
  }
  return stopped;
}

/** Up/down of every configured node: process alive and CQL port answering. */
export async function statusLocal(cfg: LocalCassandraConfig): Promise<NodeStatus[]> {
  return Promise.all(
    localNodes(existingRing(cfg)).map(async (node) => {
      const pid = runningPid(node);
      return { node, pid, running: pid !== null, cql: pid !== null && (await portOpen(node.address, node.cqlPort, 1000)) };
    }),
  );
}

/** Deletes the local nodes' data; refuses while any of them runs. */
export function wipeLocal(cfg: LocalCassandraConfig): void {
  const live = localNodes(existingRing(cfg)).filter((n) => runningPid(n));
  if (live.length) throw new ClusterError(`node(s) ${live.map((n) => n.index).join(', ')} still running; run "siptrail cassandra stop" first`);
  rmSync(resolve(cfg.dir, 'nodes'), { recursive: true, force: true });
}
