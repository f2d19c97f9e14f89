// What a local deployment keeps on disk between commands: deployment.json (its layout,
// so status/add/down need no flags again), the first admin's password, and one pid file
// per process. A PID counts only while /proc/<pid>/cmdline names that process's config
// file, so a recycled PID is never signalled.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClusterError } from './install.js';
import { specProblem, type DeploymentSpec } from './deploy-plan.js';

/** Format of deployment.json; bumped when its meaning changes. */
const FORMAT = 1;

/** deployment.json inside the deployment folder. */
export function layoutFile(dir: string): string {
  return join(resolve(dir), 'deployment.json');
}

/** True when `dir` holds a deployment made by `siptrail deploy`. */
export function isDeployment(dir: string): boolean {
  return existsSync(layoutFile(dir));
}

/** The JSON text recorded for a spec; `dir` is left out: it is wherever the file lies. */
export function layoutJson(spec: DeploymentSpec): string {
  const { dir: _dir, ...rest } = spec;
  return JSON.stringify({ format: FORMAT, ...rest }, null, 2) + '\n';
}

/** Parses deployment.json text back into a spec for `dir`; the error names the file and the bad value. */
export function parseLayout(text: string, dir: string): DeploymentSpec {
  const file = layoutFile(dir);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ClusterError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (doc.format !== FORMAT) throw new ClusterError(`${file}: format ${JSON.stringify(doc.format)} is not allowed; allowed: ${FORMAT}`);
  const { format: _f, ...rest } = doc;
  const spec = { ...rest, dir: resolve(dir) } as unknown as DeploymentSpec;
  const problem = specProblem(spec);
  if (problem) throw new ClusterError(`${file}: ${problem}`);
  return spec;
}

/** Writes deployment.json (via a temporary file, so a reader never sees half of it). */
export function writeLayout(spec: DeploymentSpec): void {
  mkdirSync(resolve(spec.dir), { recursive: true });
  const file = layoutFile(spec.dir);
  writeFileSync(`${file}.tmp`, layoutJson(spec));
  renameSync(`${file}.tmp`, file);
}

/** Reads the deployment recorded in `dir`; a clear error when there is none. */
export function readLayout(dir: string): DeploymentSpec {
  const file = layoutFile(dir);
  if (!existsSync(file)) throw new ClusterError(`no deployment in ${resolve(dir)} (${file} is missing); start one with "siptrail deploy up"`);
  return parseLayout(readFileSync(file, 'utf8'), dir);
}

/** The first admin's password: made once, kept in <dir>/admin-password readable only by its owner. */
export function adminPassword(dir: string): string {
  const file = join(resolve(dir), 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(dir), { recursive: true });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/** True when a NUL-separated command line has `arg` as one whole argument. */
export function cmdlineHasArg(cmdline: string, arg: string): boolean {
  return cmdline.split('\0').includes(arg);
}

/** PID in `pidFile` if that process is alive and its command line carries `marker`; else null. */
export function ownedPid(pidFile: string, marker: string, proc = '/proc'): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return cmdlineHasArg(readFileSync(join(proc, String(pid), 'cmdline'), 'utf8'), marker) ? pid : null;
  } catch {
    return null;
  }
}
