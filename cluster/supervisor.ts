// Watches local Cassandra nodes (a poll of each node's PID every second) and restarts one
// that exits on its own, after a back-off, until the crash-loop policy gives up
// (restart-policy.ts). Each exit is logged at error level with the lines of the node's
// logs that say why; each restart is counted (siptrail_local_cassandra_restarts_total) and
// recorded in <node dir>/restarts.json for `siptrail cassandra status` and `deploy status`.
// A node stopped on purpose (stopLocal marks it first) is never restarted, and close()
// ends all supervision before the caller stops the nodes.
import type { ChildProcess } from 'node:child_process';
import { errorText } from '../src/util/error-text.js';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LocalCassandraConfig } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';
import type { SupervisedNodeView, SupervisedState } from '../src/query/status-body.js';
import { exitEvidence, exitReason, exitStatusText, logMarks, logsSince, type LogMarks } from './exit-evidence.js';
import { existingRing, lastStop, runningPid, startLocal } from './local-cluster.js';
import { localNodes, type LocalNode } from './node-files.js';
import { decideRestart, restartPolicy, type RestartPolicy } from './restart-policy.js';
import { readRestarts, withExit, withGaveUp, withRestart, writeRestarts } from './restarts-file.js';

/** What the supervisor needs besides the ring's config. */
export interface SupervisorDeps {
  log: Logger;
  /** Where the restart counter and the gave-up gauge go (none: not exported). */
  registry?: Registry;
  pollMs?: number;
}

/** One node under watch. */
interface Watch {
  node: LocalNode;
  state: SupervisedState;
  pid: number | null;
  /** Where its logs ended when its current JVM started: what it writes after is this life's. */
  marks: LogMarks;
  /** Epoch ms of every exit on its own. */
  exits: number[];
  restarts: number;
  lastExit: string | null;
  gaveUp: string | null;
  timer: NodeJS.Timeout | null;
  abort: AbortController | null;
  /** The restart in progress. */
  starting: Promise<void> | null;
}

const iso = (ms = Date.now()) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Supervises the nodes of one local ring (cluster/local-cluster.ts). */
export class CassandraSupervisor {
  private readonly watches = new Map<number, Watch>();
  private readonly policy: RestartPolicy;
  /** Exit status of every JVM this process spawned, by PID ("killed by SIGKILL", "exit code 3"). */
  private readonly exitStatus = new Map<number, string>();
  /** PIDs of the JVMs this process spawned (Ctrl-C stops those, not nodes others started). */
  private readonly ours = new Set<number>();
  private readonly restartsTotal?: Counter<'node'>;
  private readonly givenUp?: Gauge<'node'>;
  private poll: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;

  constructor(private readonly cfg: LocalCassandraConfig, private readonly deps: SupervisorDeps) {
    this.policy = restartPolicy(cfg.restartLimit, cfg.restartWindowMin, cfg.restartDelaySec);
    if (deps.registry) {
      const registers = [deps.registry];
      this.restartsTotal = new Counter({ name: 'siptrail_local_cassandra_restarts_total', help: 'restarts of a local Cassandra node that exited on its own', labelNames: ['node'], registers });
      this.givenUp = new Gauge({ name: 'siptrail_local_cassandra_given_up', help: '1 while the crash-loop policy no longer restarts the node (local.restartLimit)', labelNames: ['node'], registers });
    }
  }

  /** For startLocal: learn each JVM's exit status (only a parent can). */
  readonly onSpawn = (_node: LocalNode, child: ChildProcess): void => {
    const pid = child.pid;
    if (pid === undefined) return; // not started: no process to learn about
    this.ours.add(pid);
    child.once('exit', (code, signal) => this.exitStatus.set(pid, exitStatusText(code, signal)));
  };

  /** Starts watching nodes (1-based indexes) of the ring; a node that is down is watched from when it runs. */
  watch(indexes: number[]): void {
    for (const node of localNodes(existingRing(this.cfg)).filter((n) => indexes.includes(n.index))) {
      const pid = runningPid(node);
      this.watches.set(node.index, {
        node, pid, state: pid ? 'running' : 'stopped', marks: logMarks(node.dir), exits: [], restarts: 0,
        lastExit: null, gaveUp: null, timer: null, abort: null, starting: null,
      });
      this.restartsTotal?.inc({ node: String(node.index) }, 0);
      this.givenUp?.set({ node: String(node.index) }, 0);
    }
    this.poll ??= setInterval(() => void this.tick(), this.deps.pollMs ?? 1000);
  }

  /** Every watched node, for /health and GET /api/v1/status. */
  state(): SupervisedNodeView[] {
    return [...this.watches.values()].map((w) => ({ node: w.node.index, state: w.state, pid: w.pid, restarts: w.restarts, lastExit: w.lastExit, gaveUp: w.gaveUp }));
  }

  /** PIDs of the watched nodes' JVMs that this process started and that still run. */
  pids(): number[] {
    return [...this.watches.values()].map((w) => runningPid(w.node)).filter((p): p is number => p !== null && this.ours.has(p));
  }

  /** Ends supervision: no restart is scheduled or waited for after this resolves. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    for (const w of this.watches.values()) {
      if (w.timer) clearTimeout(w.timer);
      w.abort?.abort();
    }
    await Promise.all([...this.watches.values()].flatMap((w) => (w.starting ? [w.starting] : [])));
  }

  private async tick(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      for (const w of this.watches.values()) {
        const pid = runningPid(w.node);
        if (w.state === 'running' && pid === null) await this.exited(w, w.pid);
        else if (w.state === 'running' && pid !== null && pid !== w.pid) this.adopt(w, pid); // replaced by hand between two polls
        else if ((w.state === 'stopped' || w.state === 'gave-up') && pid !== null) this.adopt(w, pid);
      }
    } catch (err) {
      this.deps.log.error(`Cassandra supervisor: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  // Someone started the node again (siptrail cassandra start): watch it from now on, afresh.
  private adopt(w: Watch, pid: number): void {
    this.deps.log.info(`Cassandra node ${w.node.index} runs again (pid ${pid}); supervising it`);
    if (w.gaveUp) writeRestarts(w.node.dir, withGaveUp(readRestarts(w.node.dir), iso(), null));
    Object.assign(w, { state: 'running', pid, marks: logMarks(w.node.dir), exits: [], gaveUp: null });
    this.givenUp?.set({ node: String(w.node.index) }, 0);
  }

  private async exited(w: Watch, pid: number | null, startError?: string): Promise<void> {
    const n = w.node.index;
    const stop = lastStop(w.node);
    if (pid !== null && stop?.pid === pid) {
      this.deps.log.info(`Cassandra node ${n} (pid ${pid}) was stopped on purpose; not restarting it`);
      Object.assign(w, { state: 'stopped', pid: null });
      return;
    }
    // The exit event of a child comes a moment after /proc shows it gone.
    for (let i = 0; pid !== null && this.ours.has(pid) && !this.exitStatus.has(pid) && i < 10; i++) await sleep(50);
    const logs = logsSince(w.node.dir, w.marks);
    const evidence = startError ? [startError, ...exitEvidence(logs.stdout, logs.system)] : exitEvidence(logs.stdout, logs.system);
    const reason = exitReason(pid === null ? null : this.exitStatus.get(pid) ?? null, evidence);
    const now = Date.now();
    w.exits.push(now);
    Object.assign(w, { pid: null, lastExit: reason });
    const decision = decideRestart(w.exits, now, this.policy);
    let record = withExit(readRestarts(w.node.dir), { at: iso(now), pid, reason, log: evidence });
    const tail = `its last log lines (${w.node.dir}/stdout.log, logs/system.log):\n  ${evidence.join('\n  ') || '(none)'}`;
    const meta = { node: n, pid, exit: reason };
    if (decision.action === 'give-up') {
      const why = `${decision.why}; last exit: ${reason}`;
      record = withGaveUp(record, iso(now), decision.why);
      Object.assign(w, { state: 'gave-up', gaveUp: why });
      this.givenUp?.set({ node: String(n) }, 1);
      this.deps.log.error(`Cassandra node ${n}${pid ? ` (pid ${pid})` : ''} exited: ${reason}. NOT restarting it any more: ${decision.why}. Storage stays down until the cause is fixed and it is started again ("siptrail cassandra start"); ${tail}`, meta);
    } else {
      w.state = 'waiting';
      w.timer = setTimeout(() => void this.restart(w, now), decision.delayMs);
      this.deps.log.error(`Cassandra node ${n}${pid ? ` (pid ${pid})` : ''} exited: ${reason}; restarting it in ${decision.delayMs / 1000} s (exit ${decision.exits} of at most ${this.policy.limit + 1} within local.restartWindowMin); ${tail}`, meta);
    }
    writeRestarts(w.node.dir, record);
  }

  private async restart(w: Watch, exitedAt: number): Promise<void> {
    w.timer = null;
    if (this.closed) return;
    const stop = lastStop(w.node);
    if (stop && stop.atMs >= exitedAt) {
      this.deps.log.info(`Cassandra node ${w.node.index} was stopped on purpose while waiting to be restarted; not restarting it`);
      w.state = 'stopped';
      return;
    }
    w.state = 'restarting';
    w.abort = new AbortController();
    w.marks = logMarks(w.node.dir);
    let spawned: number | null = null;
    const onSpawn = (node: LocalNode, child: ChildProcess) => {
      this.onSpawn(node, child);
      spawned = child.pid ?? null;
      w.pid = spawned;
      w.restarts++;
      this.restartsTotal?.inc({ node: String(node.index) });
      writeRestarts(node.dir, withRestart(readRestarts(node.dir), iso()));
    };
    w.starting = startLocal(this.cfg, this.deps.log, { nodes: [w.node.index], signal: w.abort.signal, onSpawn }).then(
      () => {
        w.state = 'running';
        w.pid = runningPid(w.node);
        if (spawned) this.deps.log.info(`Cassandra node ${w.node.index} restarted (pid ${spawned}): restart ${w.restarts} by this process`);
      },
      async (err: unknown) => {
        if (this.closed) return;
        const pid = runningPid(w.node);
        if (pid !== null) {
          // Still starting after local.startTimeoutSec: keep watching it.
          this.deps.log.warn(`Cassandra node ${w.node.index}: ${errorText(err)}; watching it`);
          Object.assign(w, { state: 'running', pid });
          return;
        }
        // Still 'restarting' while this runs, so the poll leaves the node alone.
        await this.exited(w, spawned, spawned === null ? errorText(err).split('\n')[0] : undefined);
      },
    ).finally(() => {
      w.abort = null;
      w.starting = null;
    });
    await w.starting;
  }
}
