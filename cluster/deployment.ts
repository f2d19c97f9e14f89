// A whole siptrail installation on one machine, for trying the multi-host layout, benches
// and failure drills: C Cassandra nodes (cluster/local-cluster.ts), the schema with
// NetworkTopologyStrategy, K capture and Q query processes, each on its own loopback
// address with the config file a real host of that role would have. Everything lives in
// one folder; deployment.json there records the layout for later commands.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig } from '../src/config/fields.js';
import type { CassandraConfig, LocalCassandraConfig } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';
import { connectCassandra } from '../src/store/cassandra/client.js';
import { migrate } from '../src/migrate/migrate.js';
import { ClusterError } from './install.js';
import { startLocal, statusLocal, stopLocal } from './local-cluster.js';
import { renderProcessYaml } from './deploy-config.js';
import {
  cassandraDir, contactPointsOf, countOf, DEPLOY_ROLES, MAX_PER_ROLE, processDir, processName, replicationFactorOf, specProblem,
  type DeploymentSpec, type DeployRole,
} from './deploy-plan.js';
import { describeProcess, health, launch, processPid, stopPid, waitHealthy, type DeployedProcess } from './deploy-process.js';
import { adminPassword, isDeployment, readLayout, writeLayout } from './deploy-state.js';
import { ensureSupervisor, stopSupervisor, supervised, supervisorPid, supervisorStatus, type SupervisorStatus } from './deploy-supervisor.js';
import { readRestarts, type NodeRestarts } from './restarts-file.js';

export { DEFAULT_SPEC, DEPLOY_ROLES, type DeploymentSpec, type DeployRole } from './deploy-plan.js';
export type { DeployedProcess } from './deploy-process.js';
export type { SupervisorStatus } from './deploy-supervisor.js';

/** How long a capture or query process may take to answer /health with 200. */
const HEALTH_TIMEOUT_MS = 120_000;

/** One Cassandra node of the deployment. */
export interface DeployedNode {
  index: number;
  address: string;
  cqlPort: number;
  pid: number | null;
  /** Process alive and CQL port answering. */
  up: boolean;
  /** What the supervisor did about it (<node dir>/restarts.json). */
  restarts: NodeRestarts;
}

/** A running deployment: its layout, the first admin, and every node and process. */
export interface Deployment {
  dir: string;
  spec: DeploymentSpec;
  admin: { user: string; password: string };
  cassandra: DeployedNode[];
  processes: DeployedProcess[];
}

/** A process as `status` sees it: up means alive and /health answering 200. */
export interface ProcessStatus extends DeployedProcess {
  up: boolean;
  detail: string;
}

/** What `deploy status` reports. */
export interface DeploymentStatus {
  dir: string;
  spec: DeploymentSpec;
  cassandra: DeployedNode[];
  processes: ProcessStatus[];
  /** The Cassandra supervisor; null when the deployment was made with --no-supervise. */
  supervisor: SupervisorStatus | null;
  /** True when every node and process (and the supervisor) is up. */
  up: boolean;
}

/** The local ring's config: its own folder, the shared jars unless told otherwise. */
export function ringConfig(spec: DeploymentSpec): LocalCassandraConfig {
  const d = defaultConfig().local;
  const o = spec.local ?? {};
  return {
    ...d,
    javaHome: o.javaHome ?? d.javaHome,
    version: o.version ?? d.version,
    startTimeoutSec: o.startTimeoutSec ?? d.startTimeoutSec,
    libDir: resolve(o.libDir || join(d.dir, 'lib')),
    dir: cassandraDir(spec.dir),
    nodes: spec.cassandraNodes, heapMb: spec.heapMb, cqlPort: spec.cqlPort, storagePort: spec.storagePort, jmxPortBase: spec.jmxPortBase,
  };
}

/** How capture and query processes (and the migrator) reach the ring. */
export function clientConfig(spec: DeploymentSpec): CassandraConfig {
  return {
    ...defaultConfig().cassandra,
    mode: 'external', contactPoints: contactPointsOf(spec), keyspace: spec.keyspace,
    replication: 'network', replicationFactor: replicationFactorOf(spec),
  };
}

const ADMIN_USER = defaultConfig().query.adminUser;

function admin(dir: string) {
  return { user: ADMIN_USER, password: adminPassword(dir) };
}

// Extra flags are kept per process, so a restart (startProcess) runs it the same way.
function argsFile(spec: DeploymentSpec, role: DeployRole, index: number): string {
  return join(processDir(spec.dir, role, index), 'extra-args.json');
}

/** Starts the process unless it runs already; does not wait for it. */
function ensureStarted(spec: DeploymentSpec, role: DeployRole, index: number, extraArgs?: string[]): DeployedProcess {
  const p = describeProcess(spec, role, index);
  if (p.pid !== null) return p;
  const file = argsFile(spec, role, index);
  const args = extraArgs ?? (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : spec.extraArgs?.[role] ?? []);
  const pid = launch(spec, role, index, renderProcessYaml(spec, role, index, admin(spec.dir)), args);
  writeFileSync(file, JSON.stringify(args) + '\n');
  return { ...p, pid };
}

// A deployment is made with one layout; a different one is refused rather than half-applied.
function checkSame(recorded: DeploymentSpec, wanted: DeploymentSpec): void {
  const keys = ['cassandraNodes', 'capture', 'query', 'cqlPort', 'storagePort', 'jmxPortBase', 'heapMb', 'hepPort', 'httpPort', 'keyspace'] as const;
  const diff = keys.filter((k) => recorded[k] !== wanted[k]).map((k) => `${k} ${recorded[k]} (asked: ${wanted[k]})`);
  if (diff.length) throw new ClusterError(`the deployment in ${recorded.dir} was made with ${diff.join(', ')}; use it as it is ("siptrail deploy add" adds processes), or run "siptrail deploy down" and "siptrail deploy wipe" to start over`);
}

/** Starts the ring, migrates, starts every process, and waits until all answer /health. */
export async function deployUp(spec: DeploymentSpec, log: Logger): Promise<Deployment> {
  const problem = specProblem(spec);
  if (problem) throw new ClusterError(`deploy: ${problem}`);
  spec = { ...spec, dir: resolve(spec.dir), local: { ...spec.local, libDir: ringConfig(spec).libDir } };
  if (isDeployment(spec.dir)) checkSame(readLayout(spec.dir), spec);
  writeLayout(spec);
  const who = admin(spec.dir);
  await startLocal(ringConfig(spec), log);
  const client = await connectCassandra(clientConfig(spec));
  try {
    await migrate(client, clientConfig(spec), log);
  } finally {
    await client.shutdown();
  }
  // The ring runs: from now on a node that dies on its own is restarted (unless --no-supervise).
  if (supervised(spec)) log.info(`Cassandra supervisor running (pid ${await ensureSupervisor(spec, ringConfig(spec), HEALTH_TIMEOUT_MS)}) on ${spec.dir}`);
  else await stopSupervisor(spec);
  const started: DeployedProcess[] = [];
  for (const role of DEPLOY_ROLES) for (let i = 1; i <= countOf(spec, role); i++) started.push(ensureStarted(spec, role, i));
  for (const p of started) log.info(`${p.name} starting (pid ${p.pid}) on ${p.address}: ${p.hepPort ? `HEP ${p.hepPort} udp/tcp, ` : ''}HTTP ${p.httpPort}`);
  await Promise.all(started.map((p) => waitHealthy(spec, p, HEALTH_TIMEOUT_MS)));
  const status = await deploymentStatus(spec.dir);
  return { dir: spec.dir, spec, admin: who, cassandra: status.cassandra, processes: status.processes };
}

/** Every Cassandra node and process, up or down. */
export async function deploymentStatus(dir: string): Promise<DeploymentStatus> {
  const spec = readLayout(dir);
  const nodes = await statusLocal(ringConfig(spec));
  const cassandra = nodes.map((s) => ({ index: s.node.index, address: s.node.address, cqlPort: s.node.cqlPort, pid: s.pid, up: s.cql, restarts: readRestarts(s.node.dir) }));
  const processes = await Promise.all(DEPLOY_ROLES.flatMap((role) => Array.from({ length: countOf(spec, role) }, async (_, i) => {
    const p = describeProcess(spec, role, i + 1);
    if (p.pid === null) return { ...p, up: false, detail: 'not running' };
    const h = await health(p.url);
    return { ...p, up: h.ok, detail: h.detail };
  })));
  const supervisor = await supervisorStatus(spec);
  return { dir: spec.dir, spec, cassandra, processes, supervisor, up: cassandra.every((n) => n.up) && processes.every((p) => p.up) && (supervisor?.up ?? true) };
}

/** Starts the next process of `role` against the running deployment; the others keep running. */
export async function addProcess(dir: string, role: DeployRole, extraArgs?: string[]): Promise<DeployedProcess> {
  const spec = readLayout(dir);
  const index = countOf(spec, role) + 1;
  if (index > MAX_PER_ROLE) throw new ClusterError(`deploy add ${role}: already ${MAX_PER_ROLE}, the most one loopback range holds`);
  const grown = { ...spec, [role]: index };
  writeLayout(grown);
  const p = ensureStarted(grown, role, index, extraArgs);
  await waitHealthy(grown, p, HEALTH_TIMEOUT_MS);
  return p;
}

function checkIndex(spec: DeploymentSpec, role: DeployRole, index: number): void {
  const n = countOf(spec, role);
  if (!Number.isInteger(index) || index < 1 || index > n) {
    throw new ClusterError(`${role} ${index} is not part of the deployment in ${spec.dir}; allowed: ${n ? `1..${n}` : `none (it has no ${role} process; "siptrail deploy add ${role}" adds one)`}`);
  }
}

/** Stops one process (a failure drill may ask for SIGKILL); returns its PID, or null when it was not running. */
export async function stopProcess(dir: string, role: DeployRole, index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const spec = readLayout(dir);
  checkIndex(spec, role, index);
  return stopPid(spec, role, index, signal);
}

/** Starts a stopped process again, with the flags it had; waits for /health. */
export async function startProcess(dir: string, role: DeployRole, index: number): Promise<DeployedProcess> {
  const spec = readLayout(dir);
  checkIndex(spec, role, index);
  const p = ensureStarted(spec, role, index);
  await waitHealthy(spec, p, HEALTH_TIMEOUT_MS);
  return p;
}

/** Stops the supervisor first (so nothing is restarted), every process the deployment started, then its Cassandra nodes; returns how many were stopped. */
export async function deployDown(dir: string, log: Logger): Promise<number> {
  const spec = readLayout(dir);
  const supervisor = await stopSupervisor(spec);
  if (supervisor !== null) log.info(`Cassandra supervisor (pid ${supervisor}) stopped`);
  const all = DEPLOY_ROLES.flatMap((role) => Array.from({ length: countOf(spec, role) }, (_, i) => ({ role, index: i + 1 })));
  const stopped = await Promise.all(all.map(async ({ role, index }) => {
    const pid = await stopPid(spec, role, index, 'SIGTERM');
    if (pid !== null) log.info(`${processName(role, index)} (pid ${pid}) stopped`);
    return pid;
  }));
  return (supervisor === null ? 0 : 1) + stopped.filter((p) => p !== null).length + (await stopLocal(ringConfig(spec), log));
}

/** Deletes the deployment folder; refuses while anything in it runs, or when it is not a deployment. */
export async function wipeDeployment(dir: string): Promise<void> {
  const spec = readLayout(dir);
  const live = DEPLOY_ROLES.flatMap((role) => Array.from({ length: countOf(spec, role) }, (_, i) => i + 1).filter((i) => processPid(spec, role, i) !== null).map((i) => processName(role, i)));
  for (const n of await statusLocal(ringConfig(spec))) if (n.pid !== null) live.push(`Cassandra node ${n.node.index}`);
  if (supervisorPid(spec) !== null) live.push('the Cassandra supervisor');
  if (live.length) throw new ClusterError(`${live.join(', ')} still running; run "siptrail deploy down" first`);
  rmSync(spec.dir, { recursive: true, force: true });
}
