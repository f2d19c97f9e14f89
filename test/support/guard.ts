// The guard rails: ESLint (eslint.config.js) over the linted folders, then the dependency
// rules for shipped code (.dependency-cruiser.cjs) and for test code
// (.dependency-cruiser-tests.cjs). `npm test` runs them first, `npm run lint` alone.
// Each violation is printed, then a count per folder and rule, so that what is left can be
// fixed folder by folder; given folders, only violations from those folders count.
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The folders ESLint and the dependency rules look at. */
export const GUARDED = ['src', 'cluster', 'bench', 'test', 'web/src'];

/** One violation, from either tool. */
export interface Violation {
  /** Repository-relative file (ESLint, module rules) or folder (folder rules). */
  where: string;
  rule: string;
  text: string;
}

/** The folder a violation (at a file or a folder) is counted under: src/<x> and web/src by their second level. */
export function folderOf(path: string): string {
  const [top = path, second] = path.split('/');
  if ((top === 'src' || top === 'web') && second !== undefined && !second.includes('.')) return `${top}/${second}`;
  return top;
}

/** Whether a repository-relative path is inside one of the folders (all when none given). */
export function within(path: string, folders: readonly string[]): boolean {
  return folders.length === 0 || folders.some((f) => {
    const dir = f.endsWith('/') ? f.slice(0, -1) : f;
    return path === dir || path.startsWith(`${dir}/`);
  });
}

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

interface EslintFile {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }[];
}

/** ESLint over the folders, as violations; throws when ESLint itself fails (exit 2). */
export async function eslintViolations(folders: readonly string[]): Promise<Violation[]> {
  const r = await run('node_modules/eslint/bin/eslint.js', ['--format', 'json', ...(folders.length > 0 ? folders : GUARDED)]);
  if (r.code > 1 || !r.stdout.startsWith('[')) throw new Error(`eslint failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.slice(0, 500)}`);
  const files = JSON.parse(r.stdout) as EslintFile[];
  return files.flatMap((f) => {
    const where = relative(root, f.filePath);
    return f.messages.map((m) => ({ where, rule: m.ruleId ?? (m.fatal ? 'parse-error' : 'eslint'), text: `${where}:${m.line}:${m.column} ${m.message.split('\n')[0] ?? ''}` }));
  });
}

interface CruiseViolation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
}

/** One dependency-cruiser config over the guarded folders, as violations (filtered to the folders). */
async function cruiseViolations(config: string, folders: readonly string[]): Promise<Violation[]> {
  const r = await run('node_modules/dependency-cruiser/bin/dependency-cruise.mjs', ['--config', config, '--output-type', 'json', ...GUARDED]);
  if (!r.stdout.startsWith('{')) throw new Error(`dependency-cruiser (${config}) failed (exit ${r.code}): ${r.stderr.trim()}`);
  const result = JSON.parse(r.stdout) as { summary: { violations: CruiseViolation[] } };
  return result.summary.violations
    .filter((v) => v.rule.severity !== 'ignore' && within(v.from, folders))
    .map((v) => {
      const path = v.cycle ? [v.from, ...v.cycle.map((c) => c.name)] : [v.from, v.to];
      return { where: v.from, rule: v.rule.name, text: path.join(' → ') };
    });
}

/** Both dependency-cruiser configs: shipped code, then test code. */
export async function dependencyViolations(folders: readonly string[]): Promise<Violation[]> {
  return [...(await cruiseViolations('.dependency-cruiser.cjs', folders)), ...(await cruiseViolations('.dependency-cruiser-tests.cjs', folders))];
}

/** Count per folder and rule, as aligned lines sorted by folder then count. */
export function countLines(vs: readonly Violation[]): string[] {
  const counts = new Map<string, number>();
  for (const v of vs) {
    const key = `${folderOf(v.where)}\t${v.rule}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([k, n]) => [...k.split('\t'), String(n)] as [string, string, string]);
  rows.sort((a, b) => a[0].localeCompare(b[0]) || Number(b[2]) - Number(a[2]) || a[1].localeCompare(b[1]));
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(4, ...rows.map((r) => r[1].length));
  return rows.map(([f, rule, n]) => `  ${f.padEnd(w0)}  ${rule.padEnd(w1)}  ${n.padStart(4)}`);
}

/**
 * Runs both tools and prints what they find; returns the exit code (0: no violation).
 * `summary` prints the counts only.
 */
export async function guard(folders: readonly string[], summary = false, write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let failed = 0;
  for (const [name, find] of [
    ['lint (ESLint)', eslintViolations],
    ['dependency rules (dependency-cruiser)', dependencyViolations],
  ] as const) {
    const started = Date.now();
    const vs = await find(folders);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (vs.length === 0) {
      write(`${name}: no violation (${secs} s)\n`);
      continue;
    }
    failed += vs.length;
    if (!summary) for (const v of vs) write(`  ${v.rule}: ${v.text}\n`);
    write(`${name}: ${vs.length} violation${vs.length === 1 ? '' : 's'} (${secs} s), per folder and rule:\n${countLines(vs).join('\n')}\n`);
  }
  if (failed > 0) write(`guard rails: ${failed} violation${failed === 1 ? '' : 's'}; \`npm run lint -- <folder>...\` checks only those folders, --summary prints the counts only\n`);
  return failed === 0 ? 0 : 1;
}
