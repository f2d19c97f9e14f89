// Why a local Cassandra node exited, from what it wrote since it started: the JVM's own
// stdout.log carries "java.lang.OutOfMemoryError" and "Terminating due to ..." (with
// -XX:+ExitOnOutOfMemoryError it exits right after), logs/system.log the ERROR lines
// (logback: "LEVEL [thread] date File.java:line - message"). A SIGKILL (the kernel's OOM
// killer, kill -9) leaves no line at all: then the exit status is the only evidence.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a node's two logs ended when it started. */
export interface LogMarks {
  stdout: number;
  system: number;
}

/** At most this much of each log is read back. */
const TAIL_BYTES = 256 * 1024;
const MAX_LINE = 300;

function files(nodeDir: string) {
  return { stdout: join(nodeDir, 'stdout.log'), system: join(nodeDir, 'logs', 'system.log') };
}

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

/** The current ends of the node's logs: what it writes from now on is after them. */
export function logMarks(nodeDir: string): LogMarks {
  const f = files(nodeDir);
  return { stdout: sizeOf(f.stdout), system: sizeOf(f.system) };
}

// A log that shrank was rotated (system.log rolls over at 20 MB): read it from its start.
function readSince(file: string, mark: number): string {
  const size = sizeOf(file);
  const from = Math.max(size < mark ? 0 : mark, size - TAIL_BYTES);
  if (size <= from) return '';
  const buf = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

/** What the node wrote to each log after `marks`. */
export function logsSince(nodeDir: string, marks: LogMarks): { stdout: string; system: string } {
  const f = files(nodeDir);
  return { stdout: readSince(f.stdout, marks.stdout), system: readSince(f.system, marks.system) };
}

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
const cut = (l: string) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l);

/** The lines that say why: the JVM's fatal lines from stdout, system.log's last ERROR lines; else the last lines written. */
export function exitEvidence(stdout: string, system: string, max = 8): string[] {
  const fatal = lines(stdout).filter((l) => /OutOfMemoryError|Terminating due to|fatal error|Exception in thread/i.test(l)).slice(-4);
  const errors = lines(system).filter((l) => /^(?:ERROR|FATAL)\b/.test(l)).slice(-3);
  const found = [...fatal, ...errors];
  if (found.length === 0) found.push(...lines(system).slice(-5), ...lines(stdout).slice(-3));
  return found.slice(-max).map(cut);
}

/** One line for logs and restarts.json: the exit status and, when the logs name it, the error. */
export function exitReason(status: string | null, evidence: readonly string[]): string {
  const oom = evidence.map((l) => /java\.lang\.OutOfMemoryError(?::[^\n]*)?/.exec(l)?.[0]).find((m) => m !== undefined);
  const error = evidence.map((l) => /^(?:ERROR|FATAL)\b.*? - (.*)$/.exec(l)?.[1]).filter((m) => m !== undefined).at(-1);
  if (oom) return status ? `${status}: ${oom}` : oom;
  // Without the exit status (a node this process did not start) an ERROR line may be older than the exit: said as such.
  if (error) return status ? `${status}: ${error}` : `exited; the last error it logged: ${error}`;
  return status ?? 'exited; its logs do not say why (a SIGKILL, the kernel OOM killer, leaves no line)';
}

/** "killed by SIGKILL", "exit code 3". */
export function exitStatusText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}
