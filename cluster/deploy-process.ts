// Starting, watching and stopping one siptrail process of a local deployment: a detached
// `node .../cluster/main.js <role> --config <its siptrail.yaml>` with its output in <its folder>/log
// and its PID in <its folder>/pid.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/util/project-root.js';
import { ClusterError } from './install.js';
import { configPath, processAddress, processDir, processName, type DeploymentSpec, type DeployRole } from './deploy-plan.js';
import { ownedPid } from './deploy-state.js';

const here = import.meta.dirname;
const root = projectRoot(here);

/** One process of the deployment, where it listens and where its files are. */
export interface DeployedProcess {
  role: DeployRole;
  index: number;
  /** `capture-1`, `query-2`. */
  name: string;
  address: string;
  /** HEP port (UDP and TCP) of a capture process; undefined for query. */
  hepPort?: number;
  httpPort: number;
  /** http://address:httpPort, for /health, /metrics and (query) the UI and API. */
  url: string;
  /** Its PID, or null when it is not running. */
  pid: number | null;
  dir: string;
}

/** Describes process `index` of `role` (pid as found now). */
export function describeProcess(spec: DeploymentSpec, role: DeployRole, index: number): DeployedProcess {
  const address = processAddress(role, index);
  const dir = processDir(spec.dir, role, index);
  return {
    role, index, name: processName(role, index), address,
    ...(role === 'capture' ? { hepPort: spec.hepPort } : {}),
    httpPort: spec.httpPort, url: `http://${address}:${spec.httpPort}`,
    pid: processPid(spec, role, index), dir,
  };
}

/** PID of the process if it runs and really is this one (its command line names its config file). */
export function processPid(spec: DeploymentSpec, role: DeployRole, index: number): number | null {
  return ownedPid(join(processDir(spec.dir, role, index), 'pid'), configPath(spec.dir, role, index));
}

/** `node <main> ` the way this module runs: built code from dist/, else the sources through tsx. */
export function siptrailArgv(fromDist = /[/\\]dist[/\\]cluster$/.test(here)): string[] {
  const built = join(root, 'dist', 'cluster', 'main.js');
  return fromDist && existsSync(built) ? [built] : ['--import', 'tsx', join(root, 'cluster', 'main.ts')];
}

/** This environment without SIPTRAIL_* variables: each process takes its settings from its own file. */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('SIPTRAIL_') || k === 'SIPTRAIL_DEBUG'));
}

/**
 * Spawns `siptrail <command> --config <config> <extraArgs>` detached (it outlives the command
 * that started it), with `yaml` written to `config`, its output in <dir>/log and its PID in
 * <dir>/pid; returns the PID.
 */
export function launchDetached(name: string, dir: string, config: string, yaml: string, command: string[], extraArgs: string[] = []): number {
  mkdirSync(dir, { recursive: true });
  // The query file carries the admin password: readable by its owner only.
  writeFileSync(config, yaml, { mode: 0o600 });
  const out = openSync(join(dir, 'log'), 'a');
  const child = spawn(process.execPath, [...siptrailArgv(), ...command, '--config', config, ...extraArgs], {
    cwd: root, detached: true, stdio: ['ignore', out, out], env: childEnv(),
  });
  closeSync(out);
  if (!child.pid) throw new ClusterError(`${name}: could not start ${process.execPath}`);
  child.unref();
  writeFileSync(join(dir, 'pid'), `${child.pid}\n`);
  return child.pid;
}

/** Spawns a capture or query process detached; returns its PID. */
export function launch(spec: DeploymentSpec, role: DeployRole, index: number, yaml: string, extraArgs: string[]): number {
  const dir = processDir(spec.dir, role, index);
  if (role === 'capture') mkdirSync(join(dir, 'spool'), { recursive: true });
  return launchDetached(processName(role, index), dir, configPath(spec.dir, role, index), yaml, [role], extraArgs);
}

/** The last lines of a process's log, for an error message. */
export function logTail(dir: string, lines = 12): string {
  const file = join(dir, 'log');
  if (!existsSync(file)) return '(no log written)';
  const text = readFileSync(file, 'utf8').trimEnd();
  return text ? text.split('\n').slice(-lines).join('\n') : '(log is empty)';
}

/** GET /health: 200 within `timeoutMs`, or a short reason why not. */
export async function health(url: string, timeoutMs = 1500): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.text()).trim().slice(0, 120);
    return { ok: res.status === 200, detail: `/health ${res.status}${body && res.status !== 200 ? `: ${body}` : ''}` };
  } catch (err) {
    return { ok: false, detail: `/health: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}` };
  }
}

/** Waits until `url`/health answers 200; throws naming `name`, with the end of <dir>/log, when `alive()` turns false or time runs out. */
export async function waitUrlHealthy(name: string, url: string, dir: string, alive: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await health(url);
    if (h.ok) return;
    if (!alive()) {
      throw new ClusterError(`${name} (${url}) exited during start-up; the end of ${join(dir, 'log')}:\n${logTail(dir)}`);
    }
    if (Date.now() > deadline) {
      throw new ClusterError(`${name} did not answer ${url}/health with 200 within ${Math.round(timeoutMs / 1000)}s (last: ${h.detail}); the end of ${join(dir, 'log')}:\n${logTail(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Waits until the process answers /health with 200; throws naming it, with its log's tail, when it exits or time runs out. */
export function waitHealthy(spec: DeploymentSpec, p: DeployedProcess, timeoutMs: number): Promise<void> {
  return waitUrlHealthy(p.name, p.url, p.dir, () => processPid(spec, p.role, p.index) !== null, timeoutMs);
}

/**
 * Signals the process whose PID is in <dir>/pid, while its command line names `config`, and
 * waits until it is gone (SIGKILL after `graceMs`); returns the PID stopped, or null when it
 * was not running.
 */
export async function stopOwned(name: string, dir: string, config: string, signal: NodeJS.Signals, graceMs = 20_000): Promise<number | null> {
  const current = () => ownedPid(join(dir, 'pid'), config);
  const pid = current();
  if (pid === null) return null;
  const gone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (current() !== null) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  };
  signalPid(pid, signal);
  if (!(await gone(graceMs))) {
    signalPid(pid, 'SIGKILL');
    if (!(await gone(10_000))) throw new ClusterError(`${name} (pid ${pid}) is still running after SIGKILL`);
  }
  rmSync(join(dir, 'pid'), { force: true });
  return pid;
}

/** Stops a capture or query process (see stopOwned). */
export function stopPid(spec: DeploymentSpec, role: DeployRole, index: number, signal: NodeJS.Signals, graceMs = 20_000): Promise<number | null> {
  return stopOwned(processName(role, index), processDir(spec.dir, role, index), configPath(spec.dir, role, index), signal, graceMs);
}

// The process may exit on its own between the check and the signal.
function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
