// The address and port plan of a local multi-role deployment, as pure functions:
// Cassandra node n on 127.0.0.n, capture i on 127.0.1.i, query j on 127.0.2.j. Every
// process of a role shares that role's ports; the loopback address tells them apart, as
// separate hosts would.
import { join, resolve } from 'node:path';

/** The roles `siptrail deploy` runs besides Cassandra. */
export type DeployRole = 'capture' | 'query';

/** Roles in start order; also what `deploy add` and `deploy stop` accept. */
export const DEPLOY_ROLES: readonly DeployRole[] = ['capture', 'query'];

/** What to run: sizes, folder and ports of one local deployment. */
export interface DeploymentSpec {
  dir: string;
  cassandraNodes: number;
  capture: number;
  query: number;
  cqlPort: number;
  storagePort: number;
  jmxPortBase: number;
  heapMb: number;
  hepPort: number;
  httpPort: number;
  keyspace: string;
  /** Extra siptrail flags appended to every process of that role (e.g. `--capture.flush-ms=5`). */
  extraArgs?: { capture?: string[]; query?: string[] };
  /**
   * Run a supervisor (`siptrail cassandra supervise`) that restarts a Cassandra node dying on
   * its own (default true). Failure drills that hold nodes down on purpose turn it off.
   */
  supervise?: boolean;
  /** Where the Cassandra jars and JDK are (default: the jars of `.siptrail/lib`, shared with `siptrail cassandra`). */
  local?: { libDir?: string; javaHome?: string; version?: string; startTimeoutSec?: number };
}

/** `siptrail deploy up` without flags: 3 Cassandra nodes, one capture and one query node, the usual ports. */
export const DEFAULT_SPEC: Readonly<Omit<DeploymentSpec, 'extraArgs' | 'local'>> = {
  dir: '.siptrail/deploy',
  cassandraNodes: 3,
  capture: 1,
  query: 1,
  cqlPort: 9042,
  storagePort: 7000,
  jmxPortBase: 7199,
  /** 0: automatic, a quarter of the machine's memory shared by the nodes (cluster/memory-plan.ts). */
  heapMb: 0,
  hepPort: 9060,
  httpPort: 8080,
  keyspace: 'siptrail',
};

/** A keyspace name the deployment accepts (CQL's unquoted identifiers, lower case). */
export const KEYSPACE = { re: /^[a-z][a-z0-9_]{0,47}$/, says: 'lower-case letters, digits, _ (max 48)' };

/** Largest index of a capture or query process: the last octet of its loopback address. */
export const MAX_PER_ROLE = 254;

/** A problem with the spec, as one line naming the value and what is allowed; null when it is fine. */
export function specProblem(s: DeploymentSpec): string | null {
  const ints: [keyof DeploymentSpec, number, number][] = [
    ['cassandraNodes', 1, 9], ['capture', 0, MAX_PER_ROLE], ['query', 0, MAX_PER_ROLE], ['cqlPort', 1, 65_535],
    ['storagePort', 1, 65_535], ['jmxPortBase', 1, 65_000], ['heapMb', 256, 32_768], ['hepPort', 1, 65_535], ['httpPort', 1, 65_535],
  ];
  for (const [key, min, max] of ints) {
    const v = s[key];
    if (key === 'heapMb' && v === 0) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return `${key}: ${JSON.stringify(v)} is not allowed; allowed: ${key === 'heapMb' ? '0 (automatic) or ' : ''}an integer ${min}..${max}`;
  }
  if (!KEYSPACE.re.test(s.keyspace)) return `keyspace: "${s.keyspace}" is not allowed; allowed: ${KEYSPACE.says}`;
  if (!s.dir) return 'dir: must not be empty';
  return null;
}

/** Loopback address of a process: capture i on 127.0.1.i, query j on 127.0.2.j (the supervisor: 127.0.3.1). */
export function processAddress(role: DeployRole, index: number): string {
  return `127.0.${role === 'capture' ? 1 : 2}.${index}`;
}

/** Address of Cassandra node n (as cluster/node-files.ts places it). */
export function cassandraAddress(index: number): string {
  return `127.0.0.${index}`;
}

/** Loopback address of the deployment's Cassandra supervisor (its /health and /metrics). */
export const SUPERVISOR_ADDRESS = '127.0.3.1';

/** Folder of the Cassandra supervisor: its siptrail.yaml, log and pid. */
export function supervisorDir(dir: string): string {
  return join(resolve(dir), 'supervisor');
}

/** `capture-1`, `query-2`: the folder and the name of a process. */
export function processName(role: DeployRole, index: number): string {
  return `${role}-${index}`;
}

/** Absolute folder of a process inside the deployment folder. */
export function processDir(dir: string, role: DeployRole, index: number): string {
  return join(resolve(dir), processName(role, index));
}

/** The YAML configuration file of a process; its absolute path also marks the process's command line. */
export function configPath(dir: string, role: DeployRole, index: number): string {
  return join(processDir(dir, role, index), 'siptrail.yaml');
}

/** Where the deployment's Cassandra nodes keep their folders (`local.dir` of that ring). */
export function cassandraDir(dir: string): string {
  return join(resolve(dir), 'cassandra');
}

/** CQL contact points of every Cassandra node. */
export function contactPointsOf(s: Pick<DeploymentSpec, 'cassandraNodes' | 'cqlPort'>): string[] {
  return Array.from({ length: s.cassandraNodes }, (_, i) => `${cassandraAddress(i + 1)}:${s.cqlPort}`);
}

/** Replication factor of the deployment's keyspace: one copy per node, at most three. */
export function replicationFactorOf(s: Pick<DeploymentSpec, 'cassandraNodes'>): number {
  return Math.min(3, s.cassandraNodes);
}

/** Number of processes of `role` the spec runs. */
export function countOf(s: Pick<DeploymentSpec, DeployRole>, role: DeployRole): number {
  return role === 'capture' ? s.capture : s.query;
}
