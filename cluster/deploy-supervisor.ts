// The Cassandra supervisor of a local deployment: one detached `siptrail cassandra supervise
// --config <deploy>/supervisor/siptrail.yaml` (cluster/supervisor.ts in its own process),
// started by `deploy up` once the ring runs, stopped first by `deploy down`, shown by
// `deploy status`. Its /health (503 when it gave up on a node) and /metrics (the restart
// counter) are on 127.0.3.1 at the deployment's HTTP port.
import { join } from 'node:path';
import type { LocalCassandraConfig } from '../src/config/types.js';
import { renderSupervisorYaml } from './deploy-config.js';
import { SUPERVISOR_ADDRESS, supervisorDir, type DeploymentSpec } from './deploy-plan.js';
import { health, launchDetached, stopOwned, waitUrlHealthy } from './deploy-process.js';
import { ownedPid } from './deploy-state.js';

/** The supervisor as `deploy status` shows it. */
export interface SupervisorStatus {
  address: string;
  httpPort: number;
  url: string;
  pid: number | null;
  /** Alive and /health answering 200 (it has not given up on a node). */
  up: boolean;
  detail: string;
}

const NAME = 'Cassandra supervisor';
const configOf = (spec: DeploymentSpec) => join(supervisorDir(spec.dir), 'siptrail.yaml');
const urlOf = (spec: DeploymentSpec) => `http://${SUPERVISOR_ADDRESS}:${spec.httpPort}`;

/** True unless the deployment was made with --no-supervise. */
export function supervised(spec: DeploymentSpec): boolean {
  return spec.supervise !== false;
}

/** PID of the supervisor if it runs (its command line names its config file). */
export function supervisorPid(spec: DeploymentSpec): number | null {
  return ownedPid(join(supervisorDir(spec.dir), 'pid'), configOf(spec));
}

/** Starts the supervisor of `ring` unless it runs, and waits until it answers /health. */
export async function ensureSupervisor(spec: DeploymentSpec, ring: LocalCassandraConfig, timeoutMs: number): Promise<number> {
  const running = supervisorPid(spec);
  if (running !== null) return running;
  const pid = launchDetached(NAME, supervisorDir(spec.dir), configOf(spec), renderSupervisorYaml(spec, ring), ['cassandra', 'supervise']);
  await waitUrlHealthy(NAME, urlOf(spec), supervisorDir(spec.dir), () => supervisorPid(spec) !== null, timeoutMs);
  return pid;
}

/** Stops the supervisor (before anything else goes down); returns its PID, or null when it was not running. */
export function stopSupervisor(spec: DeploymentSpec): Promise<number | null> {
  return stopOwned(NAME, supervisorDir(spec.dir), configOf(spec), 'SIGTERM');
}

/** Its state for `deploy status`; null when the deployment is not supervised. */
export async function supervisorStatus(spec: DeploymentSpec): Promise<SupervisorStatus | null> {
  if (!supervised(spec)) return null;
  const pid = supervisorPid(spec);
  const where = { address: SUPERVISOR_ADDRESS, httpPort: spec.httpPort, url: urlOf(spec), pid };
  if (pid === null) return { ...where, up: false, detail: 'not running' };
  const h = await health(where.url);
  return { ...where, up: h.ok, detail: h.detail };
}
