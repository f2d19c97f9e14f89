// Installs Apache Cassandra from Maven Central: `mvn dependency:copy-dependencies` on
// cluster/pom.xml puts cassandra-all and every runtime jar into one folder. Idempotent:
// a finished folder carries a marker file and is reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalCassandraConfig } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';

/** spawnSync's stdout or stderr as text: null (typed string) when the program could not be started. */
export function outputText(s: string | null): string {
  return s ?? '';
}

/** A problem preparing or running local Cassandra, worded for the operator. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

const here = dirname(fileURLToPath(import.meta.url));
/** cluster/pom.xml, found from the source tree or from dist/cluster. */
export const POM = [join(here, 'pom.xml'), join(here, '..', '..', 'cluster', 'pom.xml')].find((p) => existsSync(p)) ?? join(here, 'pom.xml');

/** The folder holding Cassandra's jars for the configured version. */
export function libDir(cfg: LocalCassandraConfig): string {
  return resolve(cfg.libDir || join(cfg.dir, 'lib'), `cassandra-${cfg.version}`);
}

/** Finds a JDK 17 `java`: local.javaHome, else /usr/lib/jvm/java-17-*, else JAVA_HOME if it is 17. */
export function findJava(cfg: LocalCassandraConfig, env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (cfg.javaHome) candidates.push(cfg.javaHome);
  if (existsSync('/usr/lib/jvm')) {
    for (const d of readdirSync('/usr/lib/jvm').sort()) if (/^(?:java-)?17|jdk-?17|openjdk-17/.test(d)) candidates.push(join('/usr/lib/jvm', d));
  }
  if (env.JAVA_HOME) candidates.push(env.JAVA_HOME);
  for (const home of candidates) {
    const java = join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    const v = spawnSync(java, ['-version'], { encoding: 'utf8' });
    if (/version "17\./.test(outputText(v.stderr))) return java;
    if (cfg.javaHome && home === cfg.javaHome) throw new ClusterError(`local.javaHome ${home} is not a JDK 17 (Cassandra 5.0 needs 17: newer JDKs refuse its security manager)`);
  }
  throw new ClusterError('no JDK 17 found (looked in local.javaHome, /usr/lib/jvm/java-17-*, JAVA_HOME); install openjdk-17-jdk-headless or set local.javaHome');
}

/** Resolves the jars with Maven unless they are already there; returns their folder. */
export function ensureInstalled(cfg: LocalCassandraConfig, log: Logger): string {
  const dir = libDir(cfg);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    throw new ClusterError('Maven (mvn) not found: it installs Cassandra from Maven Central; install it (apt-get install maven) or use cassandra.mode=external');
  }
  log.info(`installing Apache Cassandra ${cfg.version} from Maven Central into ${dir} (once)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, `-Dcassandra.version=${cfg.version}`, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${dir}`],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const jar = join(dir, `cassandra-all-${cfg.version}.jar`);
  // The parent POM's system-scoped JMC/VisualVM artifacts make Maven print ERROR lines
  // even on success, so success is judged by the jar being there, not by stderr.
  if (run.status !== 0 || !existsSync(jar)) {
    const tail = `${outputText(run.stdout)}${outputText(run.stderr)}`.trim().split('\n').slice(-5).join(' | ');
    throw new ClusterError(`Maven could not resolve org.apache.cassandra:cassandra-all:${cfg.version} (exit ${run.status}): ${tail}`);
  }
  writeFileSync(marker, new Date().toISOString() + '\n');
  log.info(`Cassandra ${cfg.version}: ${readdirSync(dir).filter((f) => f.endsWith('.jar')).length} jars installed`);
  return dir;
}
