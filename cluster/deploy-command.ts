// `siptrail deploy up|status|add|stop|start|down|wipe`: a local multi-role deployment
// (cluster/deployment.ts). Its sizes, ports, folder and keyspace are the `deploy` config
// section (deploy-section.ts), with short flags that count only in this command.
import { join } from 'node:path';
import type { Logger } from '../src/log/logger.js';
import { valuesOf } from '../src/config/section.js';
import type { Config } from '../src/config/types.js';
import type { CliCommand } from '../src/cli/launcher.js';
import { UsageError } from '../src/cli/commands/usage-error.js';
import {
  addProcess, DEFAULT_SPEC, deployDown, deploymentStatus, deployUp, DEPLOY_ROLES, startProcess, stopProcess, wipeDeployment,
  type DeploymentSpec, type DeploymentStatus, type DeployRole,
} from './deployment.js';
import { isDeployment, readLayout } from './deploy-state.js';
import { restartsText } from './restarts-file.js';
import { deploySection, type DeployConfig } from './deploy-section.js';

/** Keys of the deploy section that are part of the recorded layout (deployment.json). */
const LAYOUT_KEYS = ['cassandraNodes', 'capture', 'query', 'cqlPort', 'storagePort', 'jmxPortBase', 'heapMb', 'hepPort', 'httpPort', 'keyspace', 'supervise'] as const;

/** The spec for `up`: the recorded layout if the folder has one, else the defaults; keys set explicitly on top. */
export function specFromConfig(cfg: Config, d: DeployConfig, explicit: ReadonlySet<string>): DeploymentSpec {
  const spec: DeploymentSpec = isDeployment(d.dir) ? readLayout(d.dir) : { ...DEFAULT_SPEC, dir: d.dir };
  Object.assign(spec, Object.fromEntries(LAYOUT_KEYS.filter((k) => explicit.has(`deploy.${k}`)).map((k) => [k, d[k]])));
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

/** `siptrail deploy ...`, as the command line is given it. */
export const deployCommand: CliCommand = {
  name: 'deploy',
  help: `  deploy up                 a whole installation on this machine, sized by the deploy.* keys
                            (short flags: --cassandra-nodes C --capture K --query Q --heap-mb M
                            --cql-port --storage-port --jmx-port-base --hep-port --http-port
                            --keyspace --no-supervise): Cassandra on 127.0.0.1..C, the schema
                            (network, RF min(3,C)), a Cassandra supervisor (cassandra supervise,
                            /health on 127.0.3.1), capture i on 127.0.1.i, query j on 127.0.2.j;
                            waits for every /health and prints the admin password; again after
                            down, it resumes the recorded layout
  deploy status             each Cassandra node (with its restarts), the supervisor and each
                            process UP/DOWN (exit code 3 if any is down)
  deploy add capture|query  start the next capture or query process; the others keep running
  deploy stop capture|query N [--signal SIGKILL]
                            stop one process (deploy start capture|query N starts it again)
  deploy down               stop the supervisor, every process of the deployment, then its
                            Cassandra nodes
  deploy wipe               delete the deployment folder (nothing may run)
`,
  sections: [deploySection],
  run: ({ args, cfg, values, explicit, log }) => deploy(args, cfg, valuesOf(deploySection, values), explicit, log),
};

async function deploy(positional: string[], cfg: Config, d: DeployConfig, explicit: ReadonlySet<string>, log: Logger): Promise<number> {
  const [sub, roleText, indexText] = positional;
  const dir = d.dir;
  switch (sub) {
    case 'up': {
      const dep = await deployUp(specFromConfig(cfg, d, explicit), log);
      const code = await printStatus(dep.dir);
      const ui = dep.processes.find((p) => p.role === 'query');
      process.stdout.write(`admin password: ${dep.admin.password} (user ${dep.admin.user}; kept in ${join(dep.dir, 'admin-password')})\n`);
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
      const pid = await stopProcess(dir, role, index, d.signal);
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
