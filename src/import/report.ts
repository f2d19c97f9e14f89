// How an import shows itself: a progress line on stderr (redrawn on a terminal, a line
// every few seconds otherwise) and a summary table.
import type { ImportProgress, ImportSummary } from './import-capture.js';

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

/** One progress line. */
export function progressLine(name: string, p: ImportProgress): string {
  const pct = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
  return `import ${name}: ${String(pct).padStart(3)}% (${mb(p.bytesRead)} of ${mb(p.bytesTotal)} MB), ${p.frames} frames, ${p.sip} SIP messages, ${p.hep} HEP packets`;
}

/** A progress reporter writing to `out`; call `done()` before printing anything else. */
export function progressReporter(name: string, out: NodeJS.WriteStream): { update(p: ImportProgress): void; done(): void } {
  const tty = Boolean(out.isTTY);
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (tty) {
        out.write(`\r${progressLine(name, p)}\x1b[K`);
        drawn = true;
      } else if (now - last >= 3000 || p.bytesRead === p.bytesTotal) {
        last = now;
        out.write(`${progressLine(name, p)}\n`);
      }
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
