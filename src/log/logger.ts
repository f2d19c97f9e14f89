// One winston logger per process, built from the config and passed down explicitly.
import winston from 'winston';
import type { LogConfig } from '../config/types.js';

/** The logger type every module receives. */
export type Logger = winston.Logger;

/**
 * A message with its control characters shown as escapes (`\r`, `\x1b`, ...): log text
 * often quotes what a packet carried (a Call-ID, a header), and a raw CR, LF or ESC would
 * forge log lines or drive the terminal. JSON lines escape them already.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** JSON lines in production (not a TTY), a readable line per event on a terminal. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- isTTY is typed boolean but undefined off a terminal
export function createLogger(cfg: LogConfig, isTty: boolean = Boolean(process.stderr.isTTY)): Logger {
  const pretty = cfg.format === 'pretty' || (cfg.format === 'auto' && isTty);
  const format = pretty
    ? winston.format.combine(
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.printf(({ timestamp, level, message, ...meta }) => {
          const rest = Object.keys(meta).length ? ' ' + JSON.stringify(meta) : '';
          return `${String(timestamp)} ${level.padEnd(5)} ${printable(String(message))}${printable(rest)}`;
        }),
      )
    : winston.format.combine(winston.format.timestamp(), winston.format.json());
  return winston.createLogger({
    level: cfg.level,
    format,
    // stderr for every level: stdout stays free for command output (status tables, JSON).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings declare Console apart from the TransportStream class it extends
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
  });
}

/** A logger that discards everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- as in createLogger
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console()] });
}

/** Logs at most `perInterval` messages per key every `intervalMs`, then a count of what it held back. */
export class RateLimitedLog {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private log: Logger, private perInterval = 5, private intervalMs = 10_000) {}

  /** Warns about `key` unless it has already warned too often in this interval. */
  warn(key: string, message: string, meta: Record<string, unknown> = {}, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.intervalMs) {
      if (w && w.count > this.perInterval) {
        this.log.warn(`${key}: ${w.count - this.perInterval} more not logged in the last ${this.intervalMs / 1000}s`);
      }
      this.windows.set(key, { start: now, count: 1 });
      this.log.warn(message, { reason: key, ...meta });
      return;
    }
    w.count++;
    if (w.count <= this.perInterval) this.log.warn(message, { reason: key, ...meta });
  }
}
