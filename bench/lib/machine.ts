// What machine a bench ran on, written into every result file.
import { cpus, totalmem, release, hostname } from 'node:os';
import { execFileSync } from 'node:child_process';

/** Cores, memory, kernel and tool versions. */
export function machine(): Record<string, unknown> {
  const java = (() => {
    try {
      return execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || 'unknown';
    } catch (err) {
      return String((err as { stderr?: string }).stderr ?? 'unknown').split('\n')[0];
    }
  })();
  return {
    host: hostname(),
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    java,
  };
}
