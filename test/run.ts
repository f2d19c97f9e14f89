// `npm test`: the guard rails (ESLint, dependency rules), unit tests with a coverage
// summary, then integration tests against a real Cassandra that this script starts once
// (global setup), hands to the tests through SIPTRAIL_TEST_CQL, and stops at the end — also
// when tests fail or the run is interrupted. A guard violation fails the run, after the tests
// (so that their results are still seen).
//   --lint      the guard rails only (`npm run lint`); folders after it narrow the count to
//               those folders, --summary prints the counts per folder and rule only
//   --unit      unit tests only (no Cassandra)
//   --cluster   the multi-node suite under test/cluster (starts its own nodes)
//   --browser   only the browser end-to-end suites under test/browser (Chromium + the test Cassandra)
// Browser suites run after the integration tests, on the same Cassandra.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLogger } from '../src/log/logger.js';
import { startLocal, stopLocal } from '../cluster/local-cluster.js';
import { ownedPid } from '../cluster/deploy-state.js';
import type { Logger } from '../src/log/logger.js';
import { OUTAGE_ALL_PID, OUTAGE_LOCAL, OUTAGE_MARKER, TEST_LOCAL } from './support/test-cassandra.js';
import { guard } from './support/guard.js';

const root = join(import.meta.dirname, '..');

function find(dir: string, pattern: RegExp, skip: string[] = []): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || skip.includes(relative(root, p))) continue;
    if (statSync(p).isDirectory()) out.push(...find(p, pattern, skip));
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

/**
 * c8 around a test run: a text summary of the lines, branches and functions of shipped code
 * that the tests ran. Its working files (V8's raw coverage, ~100 MB) go to `tmp`, not the tree.
 */
function coverage(tmp: string): string[] {
  const only = ['src/**', 'cluster/**', 'bench/**', 'web/src/**'].flatMap((g) => ['--include', g]);
  const not = ['**/*.test.ts', '**/*.test-helper.ts'].flatMap((g) => ['--exclude', g]);
  return [join(root, 'node_modules/c8/bin/c8.js'), '--reporter=text-summary', `--temp-directory=${tmp}`, `--report-dir=${tmp}`, ...only, ...not, process.execPath];
}

function nodeTest(files: string[], env: NodeJS.ProcessEnv, concurrency: number, withCoverage = false): Promise<number> {
  if (files.length === 0) return Promise.resolve(0);
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', '--test-force-exit', `--test-concurrency=${concurrency}`, ...files];
    const tmp = join(tmpdir(), `siptrail-c8-${process.pid}`);
    const child = spawn(process.execPath, withCoverage ? [...coverage(tmp), ...args] : args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (withCoverage) rmSync(tmp, { recursive: true, force: true });
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * The storage-outage suite runs a `siptrail all` with a Cassandra of its own; when the suite
 * fails or is interrupted before its own clean-up, both could outlive the run: stop them.
 * The process only by the PID it recorded, and only while its command line names that
 * suite's folder; the node by stopLocal (its folder is on the JVM's command line).
 */
async function stopOutageLeftovers(log: Logger): Promise<void> {
  const pid = ownedPid(OUTAGE_ALL_PID, OUTAGE_MARKER);
  if (pid !== null) {
    log.warn(`stopping the storage-outage suite's siptrail all (pid ${pid}), left running`);
    process.kill(pid, 'SIGKILL');
  }
  await stopLocal(OUTAGE_LOCAL, log);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const mode = argv.includes('--lint') ? 'lint' : argv.includes('--unit') ? 'unit' : argv.includes('--cluster') ? 'cluster' : argv.includes('--browser') ? 'browser' : 'all';
  if (mode === 'lint') return guard(argv.filter((a) => !a.startsWith('--')), argv.includes('--summary'));
  const log = createLogger({ level: 'info', format: 'pretty' });
  const guarded = mode === 'all' ? await guard([]) : 0;
  const unit = [...find(join(root, 'src'), /\.test\.ts$/), ...find(join(root, 'cluster'), /\.test\.ts$/), ...find(join(root, 'bench'), /\.test\.ts$/), ...find(join(root, 'test', 'unit'), /\.test\.ts$/), ...find(join(root, 'test', 'support'), /\.test\.ts$/), ...find(join(root, 'web', 'src'), /\.test\.ts$/)];
  if (mode === 'cluster') return nodeTest(find(join(root, 'test', 'cluster'), /\.test\.ts$/), process.env, 1);
  let code = mode === 'browser' ? 0 : await nodeTest(unit, process.env, 2, true);
  if (mode === 'unit') return code;

  const integration = mode === 'browser' ? [] : find(join(root, 'test', 'integration'), /\.test\.ts$/);
  const browser = find(join(root, 'test', 'browser'), /\.test\.ts$/);
  log.info(`starting the test Cassandra (${TEST_LOCAL.dir}, CQL 127.0.0.1:${TEST_LOCAL.cqlPort})`);
  await startLocal(TEST_LOCAL, log);
  // Every node under the test folder is ours: stop them all, also one a test restarted.
  const stop = async () => {
    await stopLocal(TEST_LOCAL, log);
    await stopOutageLeftovers(log);
  };
  const onSignal = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const env = { ...process.env, SIPTRAIL_TEST_CQL: `127.0.0.1:${TEST_LOCAL.cqlPort}` };
    const c = await nodeTest(integration, env, 1);
    const b = await nodeTest(browser, env, 1);
    code = code || c || b;
  } finally {
    await stop();
  }
  if (guarded !== 0) log.error('the guard rails found violations (printed before the unit tests; `npm run lint` to see them again)');
  return code || guarded;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`test run failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
