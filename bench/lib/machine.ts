// What machine a bench ran on, written into every result file.
import { cpus, totalmem, release, hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { findJava, outputText } from '../../cluster/install.js';
import { defaultConfig } from '../../src/config/fields.js';

/** Cores, memory, kernel and tool versions. */
export function machine(): Record<string, unknown> {
  // The JDK the local Cassandra runs on (JDK 17, found as `siptrail cassandra` finds it).
  const java = (() => {
    try {
      const r = spawnSync(findJava(defaultConfig().local), ['-version'], { encoding: 'utf8' });
      return outputText(r.stderr).split('\n')[0]?.trim() || 'unknown';
    } catch (err) {
      return `unknown (${(err as Error).message})`;
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
    cassandra: defaultConfig().local.version,
  };
}
