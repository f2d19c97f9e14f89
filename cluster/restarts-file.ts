// <node dir>/restarts.json: what the supervisor did about a local Cassandra node, kept
// beside its data so that `siptrail cassandra status` and `siptrail deploy status` (other
// processes) can show it. Over the node's life: `siptrail cassandra wipe` deletes it with
// the data. The record functions are pure; read and write touch the file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One restart the supervisor made. */
export interface RestartEntry {
  /** When the supervisor started the node again (ISO). */
  at: string;
  /** Why the node had exited. */
  reason: string;
}

/** The node's last exit that was not a deliberate stop. */
export interface ExitEntry {
  at: string;
  pid: number | null;
  reason: string;
  /** The last lines of its logs that say why. */
  log: string[];
}

/** Everything restarts.json holds. */
export interface NodeRestarts {
  /** Restarts over the node's life. */
  count: number;
  /** The most recent restarts, oldest first (at most KEEP). */
  restarts: RestartEntry[];
  lastExit: ExitEntry | null;
  /** Set when the crash-loop policy stopped restarting the node; cleared when a supervisor sees it run again. */
  gaveUp: { at: string; why: string } | null;
}

/** Restart entries kept in the file. */
const KEEP = 20;
/** The file's name inside a node's folder. */
export const RESTARTS_FILE = 'restarts.json';

/** A node never restarted. */
export function noRestarts(): NodeRestarts {
  return { count: 0, restarts: [], lastExit: null, gaveUp: null };
}

/** The record after an unplanned exit. */
export function withExit(r: NodeRestarts, exit: ExitEntry): NodeRestarts {
  return { ...r, lastExit: exit };
}

/** The record after a restart. */
export function withRestart(r: NodeRestarts, at: string): NodeRestarts {
  const entry = { at, reason: r.lastExit?.reason ?? 'unknown' };
  return { ...r, count: r.count + 1, restarts: [...r.restarts, entry].slice(-KEEP) };
}

/** The record after the policy gave up; null `why` clears it. */
export function withGaveUp(r: NodeRestarts, at: string, why: string | null): NodeRestarts {
  return { ...r, gaveUp: why === null ? null : { at, why } };
}

function isEntry(v: unknown): v is RestartEntry {
  const e = v as RestartEntry | null | undefined;
  return typeof e?.at === 'string' && typeof e.reason === 'string';
}

/** Parses the file's text; anything unreadable counts as no restarts (status must not fail on it). */
export function parseRestarts(text: string): NodeRestarts {
  let doc: Partial<NodeRestarts> | null;
  try {
    doc = JSON.parse(text) as Partial<NodeRestarts> | null;
  } catch {
    return noRestarts();
  }
  if (doc === null || typeof doc !== 'object') return noRestarts();
  const e = doc.lastExit;
  const g = doc.gaveUp;
  return {
    count: typeof doc.count === 'number' && Number.isInteger(doc.count) && doc.count >= 0 ? doc.count : 0,
    restarts: Array.isArray(doc.restarts) ? doc.restarts.filter(isEntry) : [],
    lastExit: e && typeof e.at === 'string' && typeof e.reason === 'string'
      ? { at: e.at, pid: typeof e.pid === 'number' ? e.pid : null, reason: e.reason, log: Array.isArray(e.log) ? e.log.filter((l) => typeof l === 'string') : [] }
      : null,
    gaveUp: g && typeof g.at === 'string' && typeof g.why === 'string' ? { at: g.at, why: g.why } : null,
  };
}

/** Reads <nodeDir>/restarts.json (none yet: no restarts). */
export function readRestarts(nodeDir: string): NodeRestarts {
  const file = join(nodeDir, RESTARTS_FILE);
  return existsSync(file) ? parseRestarts(readFileSync(file, 'utf8')) : noRestarts();
}

/** Writes <nodeDir>/restarts.json through a temporary file, so a reader never sees half of it. */
export function writeRestarts(nodeDir: string, r: NodeRestarts): void {
  const file = join(nodeDir, RESTARTS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(r, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

const shortTime = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

/** For status lines: "restarts 0", "restarts 2 (last 2025-11-23T14:02:11Z: killed by SIGKILL)", plus "gave up ..." while the node is down. */
export function restartsText(r: NodeRestarts, running: boolean): string {
  const last = r.restarts.at(-1);
  let text = `restarts ${r.count}${last ? ` (last ${shortTime(last.at)}: ${last.reason})` : ''}`;
  if (r.gaveUp && !running) text += `; gave up ${shortTime(r.gaveUp.at)} after ${r.gaveUp.why}`;
  return text;
}
