// `siptrail deploy up|status|add|stop|start|down|wipe`: a local multi-role deployment
// (cluster/deployment.ts). Its own flags (sizes, ports, folder) are not configuration
// keys: main.ts takes them out with takeDeployFlags before the config is loaded.
import { join } from 'node:path';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import {
  addProcess, DEFAULT_SPEC, deployDown, deploymentStatus, deployUp, DEPLOY_ROLES, startProcess, stopProcess, wipeDeployment,
  type DeploymentSpec, type DeploymentStatus, type DeployRole,
} from '../../../cluster/deployment.js';
import { isDeployment, readLayout } from '../../../cluster/deploy-state.js';
import { restartsText } from '../../../cluster/restarts-file.js';
import { UsageError } from './usage-error.js';

type IntKey = 'cassandraNodes' | 'capture' | 'query' | 'cqlPort' | 'storagePort' | 'jmxPortBase' | 'heapMb' | 'hepPort' | 'httpPort';

/** The deploy role's flags: name on the command line, spec field, allowed range. */
const INT_FLAGS: [string, IntKey, number, number][] = [
  ['cassandra-nodes', 'cassandraNodes', 1, 9], ['capture', 'capture', 0, 254], ['query', 'query', 0, 254],
  ['cql-port', 'cqlPort', 1, 65_535], ['storage-port', 'storagePort', 1, 65_535], ['jmx-port-base', 'jmxPortBase', 1, 65_000],
  ['heap-mb', 'heapMb', 0, 32_768], ['hep-port', 'hepPort', 1, 65_535], ['http-port', 'httpPort', 1, 65_535],
];
const OTHER_FLAGS = ['deploy.dir', 'keyspace', 'signal', 'no-supervise'];
// Keys of the local ring the deploy flags replace: refused, so they are not silently ignored.
const REPLACED: Record<string, string> = {
  'local.nodes': 'cassandra-nodes', 'local.dir': 'deploy.dir', 'local.cqlport': 'cql-port', 'local.storageport': 'storage-port',
  'local.jmxportbase': 'jmx-port-base', 'local.heapmb': 'heap-mb', 'cassandra.keyspace': 'keyspace',
};

const norm = (name: string) => name.replace(/-/g, '').toLowerCase();

/** Moves the deploy flags out of `flags` (what is left are configuration keys); refuses ring keys it replaces. */
export function takeDeployFlags(flags: Record<string, string>): Record<string, string> {
  const own = new Map([...INT_FLAGS.map(([f]) => f), ...OTHER_FLAGS].map((f) => [norm(f), f]));
  const out: Record<string, string> = {};
  for (const name of Object.keys(flags)) {
    const replacement = REPLACED[norm(name)];
    if (replacement) throw new UsageError(`deploy: --${name} is not used here; use --${replacement}`);
    const mine = own.get(norm(name));
    if (!mine && !name.includes('.') && name !== 'config') {
      throw new UsageError(`deploy: unknown flag --${name}; allowed: ${[...own.values()].map((f) => `--${f}`).join(', ')}, and configuration keys (--log.level, --local.lib-dir, ...)`);
    }
    if (mine) {
      out[mine] = flags[name]!;
      delete flags[name];
    }
  }
  return out;
}

/** The spec for `up`: the recorded layout if the folder has one, else the defaults; flags on top. */
export function specFromFlags(flags: Record<string, string>, cfg: Config): DeploymentSpec {
  const dir = flags['deploy.dir'] ?? DEFAULT_SPEC.dir;
  const spec: DeploymentSpec = isDeployment(dir) ? readLayout(dir) : { ...DEFAULT_SPEC, dir };
  for (const [flag, key, min, max] of INT_FLAGS) {
    const text = flags[flag];
    if (text === undefined) continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) throw new UsageError(`deploy: --${flag}: ${JSON.stringify(text)} is not allowed; allowed: an integer ${min}..${max}`);
    spec[key] = n;
  }
  if (flags.keyspace !== undefined) {
    if (!/^[a-z][a-z0-9_]{0,47}$/.test(flags.keyspace)) throw new UsageError(`deploy: --keyspace: "${flags.keyspace}" is not allowed; allowed: lower-case letters, digits, _ (max 48)`);
    spec.keyspace = flags.keyspace;
  }
  // Only said at `up`; recorded in deployment.json like the layout.
  if (flags['no-supervise'] !== undefined) spec.supervise = flags['no-supervise'] === 'false';
  const l = cfg.local;
  spec.local = { libDir: l.libDir || join(l.dir, 'lib'), javaHome: l.javaHome, version: l.version, startTimeoutSec: l.startTimeoutSec };
  return spec;
}

function roleArg(sub: string, text: string | undefined): DeployRole {
  if (text === 'capture' || text === 'query') return text;
  throw new UsageError(`deploy ${sub}: expected ${DEPLOY_ROLES.join(' or ')}, got ${text ? `"${text}"` : 'nothing'}`);
}

function indexArg(sub: string, text: string | undefined): number {
  if (text && /^[1-9]\d*$/.test(text)) return Number(text);
  throw new UsageError(`deploy ${sub}: expected the process number (1, 2, ...), got ${text ? `"${text}"` : 'nothing'}`);
}

/** One line per Cassandra node (with its restarts), the supervisor and each process, then `N/M up`. */
export function statusLines(s: DeploymentStatus): string {
  const row = (role: string, index: number, where: string, pid: number | null, state: string) =>
    `${role.padEnd(10)} ${String(index).padEnd(3)} ${where.padEnd(34)} ${(pid ? `pid ${pid}` : '-').padEnd(11)} ${state}`;
  const sup = s.supervisor;
  const lines = [
    ...s.cassandra.map((n) => row('cassandra', n.index, `${n.address} cql ${n.cqlPort}`, n.pid, `${n.up ? 'UP' : n.pid ? 'DOWN (CQL not answering)' : 'DOWN (not running)'}  ${restartsText(n.restarts, n.pid !== null)}`)),
    ...(sup ? [row('supervisor', 1, `${sup.address} http ${sup.httpPort}`, sup.pid, sup.up ? 'UP' : `DOWN (${sup.detail})`)] : []),
    ...s.processes.map((p) => row(p.role, p.index, `${p.address}${p.hepPort ? ` hep ${p.hepPort}` : ''} http ${p.httpPort}`, p.pid, p.up ? 'UP' : `DOWN (${p.detail})`)),
  ];
  const parts = [...s.cassandra, ...(sup ? [sup] : []), ...s.processes];
  return `${lines.join('\n')}\n${parts.filter((p) => p.up).length}/${parts.length} up (${s.dir})${sup ? '' : ', not supervised (--no-supervise)'}\n`;
}

async function printStatus(dir: string): Promise<number> {
  const s = await deploymentStatus(dir);
  process.stdout.write(statusLines(s));
  return s.up ? 0 : 3;
}

/** Runs one `deploy` subcommand; returns the exit code. */
export async function deployCommand(positional: string[], flags: Record<string, string>, cfg: Config, log: Logger): Promise<number> {
  const [sub, roleText, indexText] = positional;
  const dir = flags['deploy.dir'] ?? DEFAULT_SPEC.dir;
  switch (sub) {
    case 'up': {
      const d = await deployUp(specFromFlags(flags, cfg), log);
      const code = await printStatus(d.dir);
      const ui = d.processes.find((p) => p.role === 'query');
      process.stdout.write(`admin password: ${d.admin.password} (user ${d.admin.user}; kept in ${join(d.dir, 'admin-password')})\n`);
      if (ui) process.stdout.write(`web UI: ${ui.url}/\n`);
      return code;
    }
    case 'status':
      return printStatus(dir);
    case 'add': {
      const p = await addProcess(dir, roleArg(sub, roleText));
      process.stdout.write(`${p.name} up (pid ${p.pid}) on ${p.address}${p.hepPort ? `: HEP ${p.hepPort} udp/tcp,` : ':'} ${p.url}\n`);
      return 0;
    }
    case 'stop': {
      const role = roleArg(sub, roleText);
      const index = indexArg(sub, indexText);
      const signal = (flags.signal ?? 'SIGTERM').toUpperCase();
      if (signal !== 'SIGTERM' && signal !== 'SIGKILL') throw new UsageError(`deploy stop: --signal: "${flags.signal}" is not allowed; allowed: SIGTERM, SIGKILL`);
      const pid = await stopProcess(dir, role, index, signal);
      process.stdout.write(pid ? `${role}-${index} (pid ${pid}) stopped\n` : `${role}-${index} was not running\n`);
      return 0;
    }
    case 'start': {
      const p = await startProcess(dir, roleArg(sub, roleText), indexArg(sub, indexText));
      process.stdout.write(`${p.name} up (pid ${p.pid}) on ${p.url}\n`);
      return 0;
    }
    case 'down': {
      const n = await deployDown(dir, log);
      process.stdout.write(n ? `${n} process(es) stopped\n` : 'nothing was running\n');
      return 0;
    }
    case 'wipe':
      await wipeDeployment(dir);
      process.stdout.write(`deleted ${dir}\n`);
      return 0;
    default:
      throw new UsageError(`deploy: expected up, status, add, stop, start, down or wipe, got ${sub ? `"${sub}"` : 'nothing'}`);
  }
}
