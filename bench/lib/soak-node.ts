// Once a minute, what a soak records of each local Cassandra node: heap after GC and GC
// pauses (from its GC log), pending compactions (nodetool over JMX), SSTables and disk
// used (from its folder), its PID (a new one is a restart) and any OutOfMemoryError.
import { du } from './disk.js';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid } from '../../cluster/local-cluster.js';
import type { LocalNode } from '../../cluster/node-files.js';
import { cpuSeconds } from './proc.js';
import { GcLogTail } from './gc-log.js';
import { quantile } from './stats.js';

/** One node's minute. */
export interface NodeMinute {
  node: number;
  pid: number | null;
  /** Lowest heap occupancy after any pause in the minute (MiB): the live set's floor. */
  heapAfterGcMiB: number | null;
  heapMaxMiB: number | null;
  gcPauses: number;
  gcP99Ms: number | null;
  fullGcs: number;
  pendingCompactions: number | null;
  sstables: number;
  diskMiB: number;
  cpuPct: number | null;
  oom: boolean;
}

function countSstables(dataDir: string, keyspace: string): number {
  const ks = join(dataDir, keyspace);
  if (!existsSync(ks)) return 0;
  let n = 0;
  for (const t of readdirSync(ks)) if (/^(?:messages|search_rows)-/.test(t)) n += readdirSync(join(ks, t)).filter((f) => f.endsWith('-Data.db')).length;
  return n;
}

// nodetool needs the same module access as the daemon on JDK 17, and little else.
const NODETOOL_JVM = ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '--add-exports', 'java.base/sun.nio.ch=ALL-UNNAMED', '--add-opens', 'java.base/sun.nio.ch=ALL-UNNAMED', '--add-exports', 'java.base/jdk.internal.ref=ALL-UNNAMED', '--add-opens', 'java.base/java.nio=ALL-UNNAMED'];

/** `nodetool compactionstats`' "pending tasks", or null when nodetool did not answer in 30 s. */
export function pendingCompactions(java: string, lib: string, jmxPort: number): Promise<number | null> {
  return new Promise((done) => {
    execFile('nice', ['-n', '15', java, ...NODETOOL_JVM, '-cp', `${lib}/*`, 'org.apache.cassandra.tools.NodeTool', '-h', '127.0.0.1', '-p', String(jmxPort), 'compactionstats'], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (_err, stdout) => {
      const m = /^pending tasks\s+(\d+)/m.exec(stdout);
      done(m ? Number(m[1]) : null);
    });
  });
}

/** Samples one node; keeps its GC log position and CPU counter between minutes. */
export class NodeSampler {
  private readonly gc: GcLogTail;
  private cpu: { pid: number; secs: number; at: number } | null = null;
  constructor(private readonly node: LocalNode, private readonly java: string, private readonly lib: string, private readonly keyspace: string) {
    this.gc = new GcLogTail(join(node.dir, 'logs', 'gc.log'));
  }

  /** The minute since the previous call. */
  async sample(): Promise<NodeMinute> {
    const pid = runningPid(this.node);
    const pauses = this.gc.read();
    let cpuPct: number | null = null;
    if (pid) {
      const secs = cpuSeconds(pid);
      if (this.cpu && this.cpu.pid === pid) cpuPct = Math.round(((secs - this.cpu.secs) / ((Date.now() - this.cpu.at) / 1000)) * 100);
      this.cpu = { pid, secs, at: Date.now() };
    }
    const stdout = join(this.node.dir, 'stdout.log');
    return {
      node: this.node.index,
      pid,
      heapAfterGcMiB: pauses.length ? Math.min(...pauses.map((p) => p.afterMiB)) : null,
      heapMaxMiB: pauses.at(-1)?.capacityMiB ?? null,
      gcPauses: pauses.length,
      gcP99Ms: pauses.length ? Math.round(quantile(pauses.map((p) => p.ms), 0.99)) : null,
      fullGcs: pauses.filter((p) => p.kind.startsWith('Pause Full')).length,
      pendingCompactions: pid ? await pendingCompactions(this.java, this.lib, this.node.jmxPort) : null,
      sstables: countSstables(join(this.node.dir, 'data'), this.keyspace),
      diskMiB: Math.round((du(join(this.node.dir, 'data')) + du(join(this.node.dir, 'commitlog'))) / 2 ** 20),
      cpuPct,
      oom: existsSync(join(this.node.dir, 'oom-heap.hprof')) || (existsSync(stdout) && readFileSync(stdout, 'utf8').includes('OutOfMemoryError')),
    };
  }
}
