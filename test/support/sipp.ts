// Real SIP traffic from sipp (Debian sip-tester) on loopback: a UAS and a UAC running
// sipp's built-in scenarios (INVITE / 180 / 200 / ACK / BYE / 200), bounded in calls and
// time, stopped by PID. What each side sent is read back from sipp's own message trace
// (-trace_msg) and its statistics file (-trace_stat), so tests compare with sipp's count.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when sipp can be run here. */
export const sippMissing: string | false = spawnSync('sipp', ['-v']).error ? 'sipp is not installed (apt-get install sip-tester)' : false;

/** One message sipp sent, from its trace. */
export interface SippMessage {
  /** Capture-comparable time: microseconds since the epoch (sipp's local-time stamp). */
  tsMicros: bigint;
  transport: 'UDP' | 'TCP';
  text: string;
  callId: string;
  cseq: string;
  /** "INVITE" or "180" etc. */
  kind: string;
}

/** A sipp UAC/UAS run and what both sides sent. */
export interface SippRun {
  uacSent: SippMessage[];
  uasSent: SippMessage[];
  /** SuccessfulCall(C) of the UAC's final statistics line. */
  successfulCalls: number;
  uacExit: number | null;
}

/** Settings of one run. */
export interface SippOptions {
  dir: string;
  uasPort: number;
  uacPort: number;
  calls: number;
  /** Calls per second. */
  rate: number;
  transport?: 'udp' | 'tcp';
  timeoutMs?: number;
  /** Called once both sides are running (e.g. to break something mid-run). */
  during?: () => Promise<void>;
}

function exited(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const t = setTimeout(() => {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

/** Parses a sipp -trace_msg file: the messages it sent. */
export function sentMessages(file: string): SippMessage[] {
  if (!existsSync(file)) return [];
  const out: SippMessage[] = [];
  const blocks = readFileSync(file, 'latin1').split(/^-{20,} /m).slice(1);
  for (const b of blocks) {
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})\r?\n(UDP|TCP) message sent \((\d+) bytes\):\r?\n\r?\n/.exec(b);
    if (!m) continue;
    const [, y, mo, d, h, mi, s, us, transport, len] = m;
    const ms = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime();
    const text = b.slice(m[0].length, m[0].length + Number(len));
    const first = text.slice(0, text.indexOf('\n')).trim();
    out.push({
      tsMicros: BigInt(ms) * 1000n + BigInt(us!),
      transport: transport as 'UDP' | 'TCP',
      text,
      callId: /^Call-ID:[ \t]*(\S[^\r\n]*)/im.exec(text)?.[1] ?? '',
      cseq: /^CSeq:[ \t]*(\S[^\r\n]*)/im.exec(text)?.[1] ?? '',
      kind: first.startsWith('SIP/2.0') ? first.split(' ')[1]! : first.split(' ')[0]!,
    });
  }
  return out;
}

function successful(statFile: string): number {
  if (!existsSync(statFile)) return 0;
  const lines = readFileSync(statFile, 'utf8').trim().split('\n');
  const head = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  return Number(last[head.indexOf('SuccessfulCall(C)')] ?? 0);
}

/** Runs `calls` calls from a UAC on uacPort to a UAS on uasPort (127.0.0.1) and waits for both to finish. */
export async function runSipp(o: SippOptions): Promise<SippRun> {
  const t = o.transport === 'tcp' ? ['-t', 't1'] : ['-t', 'u1'];
  const common = ['-i', '127.0.0.1', '-m', String(o.calls), '-nostdin', '-trace_msg', ...t];
  const uas = spawn('sipp', ['-sn', 'uas', '-p', String(o.uasPort), '-message_file', join(o.dir, 'uas.log'), ...common], { cwd: o.dir, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const uac = spawn('sipp', ['-sn', 'uac', `127.0.0.1:${o.uasPort}`, '-p', String(o.uacPort), '-r', String(o.rate), '-message_file', join(o.dir, 'uac.log'), '-trace_stat', '-stf', join(o.dir, 'uac.csv'), '-fd', '1', ...common], { cwd: o.dir, stdio: 'ignore' });
  const limit = o.timeoutMs ?? 60_000;
  try {
    if (o.during) await o.during();
    const uacExit = await exited(uac, limit);
    await exited(uas, 5000);
    return { uacSent: sentMessages(join(o.dir, 'uac.log')), uasSent: sentMessages(join(o.dir, 'uas.log')), successfulCalls: successful(join(o.dir, 'uac.csv')), uacExit };
  } finally {
    for (const c of [uac, uas]) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  }
}
