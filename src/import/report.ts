// How an import shows itself: a progress line on stderr (redrawn on a terminal, a line
// every few seconds otherwise) and a summary table.
import type { ImportProgress, ImportSummary } from './import-capture.js';

const size = (n: number, of: number) => (of >= 1024 * 1024 ? (n / 1024 / 1024).toFixed(1) : String(Math.round(n / 1024)));
const unit = (of: number) => (of >= 1024 * 1024 ? 'MB' : 'KB');

/** One progress line. */
export function progressLine(name: string, p: ImportProgress): string {
  const pct = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
  return `import ${name}: ${String(pct).padStart(3)}% (${size(p.bytesRead, p.bytesTotal)} of ${size(p.bytesTotal, p.bytesTotal)} ${unit(p.bytesTotal)}), ${p.frames} frames, ${p.sip} SIP messages, ${p.hep} HEP packets`;
}

/** A progress reporter writing to `out`; call `done()` before printing anything else. */
export function progressReporter(name: string, out: NodeJS.WriteStream): { update(p: ImportProgress): void; done(): void } {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- isTTY is typed boolean but undefined off a terminal
  const tty = Boolean(out.isTTY);
  let last = 0;
  let lastLine = '';
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const line = progressLine(name, p);
      if (line === lastLine) return;
      if (tty) {
        out.write(`\r${line}\x1b[K`);
        drawn = true;
      } else if (now - last >= 3000 || p.bytesRead === p.bytesTotal) {
        last = now;
        out.write(`${line}\n`);
      } else {
        return;
      }
      lastLine = line;
    },
    done() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

function reasons(r: Record<string, number>): string {
  const list = Object.entries(r).sort((a, b) => b[1] - a[1]);
  return list.length === 0 ? '' : `  (${list.map(([k, v]) => `${k} ${v}`).join(', ')})`;
}

const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** The summary of one imported file. */
export function summaryText(s: ImportSummary): string {
  const lines = [
    `${s.file}: ${s.format ?? 'unreadable'}, ${s.frames} frames`,
    `  messages stored     ${s.stored}`,
    `  SIP messages read   ${s.sip}`,
    `  HEP packets read    ${s.hep}`,
    `  rejected            ${total(s.rejected)}${reasons(s.rejected)}`,
    `  skipped (not SIP)   ${total(s.skipped)}${reasons(s.skipped)}`,
  ];
  if (s.spoolBytes > 0) lines.push(`  NOT YET WRITTEN     ${s.spoolBytes} bytes wait in the import spool (Cassandra did not take them); the next import writes them first`);
  if (s.problem) lines.push(`  stopped early       ${s.problem}`);
  return lines.join('\n') + '\n';
}
