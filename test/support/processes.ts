// Helpers for tests that run siptrail as a separate process, as a user would.
import { createServer } from 'node:net';

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
