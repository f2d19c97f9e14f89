// Runs `siptrail agent` as a user would (a child process of the real CLI) and waits for its
// startup line; reads its /metrics and stops it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'cluster', 'main.ts');

/** A running agent process. */
export interface AgentProcess {
  child: ChildProcess;
  /** Everything it wrote to stderr so far (JSON log lines). */
  stderr: () => string;
  startupLine: string;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<number | null>;
}

/** A port free for both TCP and UDP on 127.0.0.1 (capture nodes listen on both with one number). */
export async function freeTcpUdpPort(): Promise<number> {
  for (;;) {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const u = createSocket('udp4');
    const ok = await new Promise<boolean>((r) => {
      u.once('error', () => r(false));
      u.bind(port, '127.0.0.1', () => r(true));
    });
    await new Promise<void>((r) => {
      try {
        u.close(() => r());
      } catch {
        r();
      }
    });
    if (ok) return port;
  }
}

/** Environment without the harness's SIPTRAIL_* variables. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
  return env;
}

/** Starts the agent with these flags (plus JSON logs) and waits up to 30 s for "agent capturing on". */
export async function startAgentProcess(flags: string[]): Promise<AgentProcess> {
  const httpPort = await freeTcpUdpPort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'agent', `--agent.http-listen=127.0.0.1:${httpPort}`, '--log.format=json', ...flags], { cwd: root, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer | string) => (err += String(d)));
  child.stdout.resume();
  const startupLine = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`agent did not start within 30 s: ${err}`)), 30_000);
    const check = () => {
      const line = err.split('\n').find((l) => l.includes('agent capturing on'));
      if (line) {
        clearTimeout(t);
        resolve((JSON.parse(line) as { message: string }).message);
      }
    };
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`agent exited (${code}) before starting: ${err}`));
    });
  });
  return {
    child,
    stderr: () => err,
    startupLine,
    metric: async (name, labels) => {
      const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (labels && !Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await done;
      clearTimeout(t);
      return code;
    },
  };
}
