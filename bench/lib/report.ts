// Bench output: a table on stdout and a JSON file under bench/results/ (git-ignored).
import { projectRoot } from '../../src/util/project-root.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './machine.js';

/** Prints rows as an aligned table. */
export function printTable(rows: Record<string, string | number>[]): void {
  const [first] = rows;
  if (!first) return;
  const cols = Object.keys(first);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i] ?? 0)).join('  ');
  process.stdout.write(`${line(cols)}\n${line(width.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(cols.map((c) => String(r[c])))}\n`);
}

/** Writes bench/results/<name>-<time>.json with the machine description; returns the path. */
export function writeResult(name: string, data: unknown): string {
  const dir = join(projectRoot(import.meta.dirname), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ bench: name, at: new Date().toISOString(), machine: machine(), ...(data as object) }, (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  return file;
}
