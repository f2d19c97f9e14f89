// Helpers for tests that run siptrail as a separate process, as a user would.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A TCP port free on 127.0.0.1 right now (for a child process to bind). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The environment a user would have: this one without the harness's SIPTRAIL_* variables. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
  return { ...env, ...extra };
}

/** Runs the siptrail CLI from the sources as a user would; resolves with its exit code and all output. */
export function siptrailCli(args: string[]): Promise<{ code: number | null; out: string }> {
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cluster', 'main.ts'), ...args], { cwd: root, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer | string) => (out += String(d)));
  child.stderr.on('data', (d: Buffer | string) => (out += String(d)));
  return new Promise((r) => child.on('exit', (code) => r({ code, out })));
}
