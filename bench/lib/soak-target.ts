// What bench/soak runs against: `siptrail all` with its defaults (one local node), or a
// 3-node `siptrail deploy` (RF 3, one capture and one query process). Each starts in its
// own folder and ports, so a soak never meets `npm start` or a developer's deployment.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LocalCassandraConfig } from '../../src/config/types.js';
import { defaultConfig } from '../../src/config/fields.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { localNodes, type LocalNode } from '../../cluster/node-files.js';
import { runningPid, stopLocal } from '../../cluster/local-cluster.js';
import { DEFAULT_SPEC, deployDown, deployUp, ringConfig, wipeDeployment, type DeploymentSpec } from '../../cluster/deployment.js';
import { isDeployment } from '../../cluster/deploy-state.js';

/** A running system under soak. */
export interface SoakTarget {
  layout: 'all' | 'deploy';
  /** Where HEP goes (UDP). */
  hep: { host: string; port: number };
  /** The query node's base URL, and every capture node's /metrics. */
  queryBase: string;
  captureMetrics: string[];
  admin: { user: string; password: string };
  local: LocalCassandraConfig;
  nodes: LocalNode[];
  contactPoints: string[];
  /** PIDs of the siptrail processes: a process that is gone is a restart or a crash. */
  pids: () => number[];
  /** A line when a siptrail process has exited, else null. */
  exited: () => string | null;
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `siptrail all` from the built CLI, as `npm start` runs it, in .siptrail/soak (wiped unless `reuse`); `heapMb` > 0 overrides the automatic heap (a small machine's). */
export async function startAll(root: string, reuse: boolean, heapMb = 0): Promise<SoakTarget> {
  const ports = { cql: 9442, storage: 7600, jmx: 7699, hep: 19060, http: 18080 };
  const dir = join(root, '.siptrail', 'soak');
  const local: LocalCassandraConfig = { ...defaultConfig().local, heapMb, dir, cqlPort: ports.cql, storagePort: ports.storage, jmxPortBase: ports.jmx, libDir: join(root, '.siptrail', 'lib') };
  const [node] = localNodes(local);
  if (!node) throw new Error('the local ring has no node');
  if (!reuse) {
    if (runningPid(node)) await stopLocal(local, silentLogger());
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  // The first start creates the admin with this password; a --reuse start must log in with the same one.
  const pwFile = join(dir, 'admin-password');
  const password = existsSync(pwFile) ? readFileSync(pwFile, 'utf8').trim() : randomBytes(12).toString('hex');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  const log = openSync(join(dir, 'siptrail.log'), 'a');
  const child = spawn(process.execPath, [join(root, 'dist', 'cluster', 'main.js'), 'all',
    `--local.dir=${dir}`, `--local.lib-dir=${local.libDir}`, `--local.cql-port=${ports.cql}`, `--local.storage-port=${ports.storage}`, `--local.jmx-port-base=${ports.jmx}`,
    `--capture.hep-udp=127.0.0.1:${ports.hep}`, `--capture.hep-tcp=127.0.0.1:${ports.hep}`, `--capture.spool-dir=${join(dir, 'spool')}`,
    `--http.listen=127.0.0.1:${ports.http}`, `--query.admin-password=${password}`, '--log.format=json', ...(heapMb ? [`--local.heap-mb=${heapMb}`] : [])], { cwd: root, stdio: ['ignore', log, log] });
  let exit: string | null = null;
  // Read through a function: the child's exit handler sets it while the loop below awaits.
  const exitText = (): string | null => exit;
  child.on('exit', (code, signal) => { exit = `siptrail all exited (${signal ?? code})`; });
  const base = `http://127.0.0.1:${ports.http}`;
  for (let t = 0; ; t++) {
    if ((await fetch(`${base}/health`).then((r) => r.status).catch(() => 0)) === 200) break;
    if (exitText() !== null || t > 600) {
      child.kill('SIGINT');
      throw new Error(`${exitText() ?? 'siptrail all did not answer /health within 10 minutes'}; see ${join(dir, 'siptrail.log')}`);
    }
    await sleep(1000);
  }
  // Data of a soak older than the password file: its admin's password is gone, so a bench
  // user is added with the CLI (as an operator would) and used instead.
  let user = 'admin';
  const tryLogin = (u: string) => fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password }) }).then((r) => r.status);
  if ((await tryLogin(user)) !== 200) {
    user = 'soak-bench';
    if ((await tryLogin(user)) !== 200) {
      execFileSync(process.execPath, [join(root, 'dist', 'cluster', 'main.js'), 'user', 'add', user, '--role', 'admin', '--password', password, '--cassandra.contact-points', `127.0.0.1:${ports.cql}`, '--cassandra.mode', 'external'], { cwd: root, stdio: 'ignore' });
    }
  }
  return {
    layout: 'all', hep: { host: '127.0.0.1', port: ports.hep }, queryBase: base, captureMetrics: [`${base}/metrics`],
    admin: { user, password }, local, nodes: [node], contactPoints: [`127.0.0.1:${ports.cql}`],
    pids: () => (child.pid === undefined ? [] : [child.pid]), exited: () => exit,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** A 3-node `siptrail deploy` (RF 3) with one capture and one query process, in .siptrail/soak-deploy (wiped unless `reuse`). */
export async function startDeploy(root: string, reuse: boolean): Promise<SoakTarget> {
  const spec: DeploymentSpec = { ...DEFAULT_SPEC, dir: join(root, '.siptrail', 'soak-deploy'), cqlPort: 9452, storagePort: 7610, jmxPortBase: 7709, hepPort: 19070, httpPort: 18090 };
  if (!reuse && isDeployment(spec.dir)) {
    await deployDown(spec.dir, silentLogger());
    await wipeDeployment(spec.dir);
  }
  const d = await deployUp(spec, createLogger({ level: 'warn', format: 'pretty' }));
  const local = ringConfig(d.spec);
  const capture = d.processes.filter((p) => p.role === 'capture');
  const query = d.processes.find((p) => p.role === 'query');
  const [firstCapture] = capture;
  if (!query || !firstCapture) throw new Error('the deployment started no query or no capture process');
  const pids = d.processes.map((p) => p.pid ?? 0).filter((p) => p > 0);
  return {
    layout: 'deploy', hep: { host: firstCapture.address, port: spec.hepPort }, queryBase: query.url, captureMetrics: capture.map((p) => `${p.url}/metrics`),
    admin: d.admin, local, nodes: localNodes(local), contactPoints: localNodes(local).map((n) => `${n.address}:${n.cqlPort}`),
    pids: () => pids,
    exited: () => {
      const gone = d.processes.filter((p) => p.pid && !alive(p.pid));
      return gone.length ? `${gone.map((p) => p.name).join(', ')} exited` : null;
    },
    stop: async () => {
      await deployDown(spec.dir, silentLogger());
    },
  };
}
