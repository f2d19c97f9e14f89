// Runs tshark as an independent oracle in tests. Not a unit under test itself.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';

/** Why tshark tests are skipped, or false when tshark runs. */
export const tsharkMissing: string | false = (() => {
  const r = spawnSync(TSHARK, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? false : `tshark not runnable at ${TSHARK} (apt-get install -y tshark); oracle test skipped`;
})();

/** Writes `file` to a temp dir and returns tshark's field output as rows of tab-separated columns. */
export function tsharkFields(file: Buffer, args: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'siptrail-tshark-'));
  const path = join(dir, 'f.pcap');
  writeFileSync(path, file);
  return tsharkFieldsOfPath(path, args);
}

/** Runs tshark -r path -T fields with `args`, returning rows of columns; throws on a tshark error. */
export function tsharkFieldsOfPath(path: string, args: string[]): string[][] {
  const r = spawnSync(TSHARK, ['-n', '-r', path, '-T', 'fields', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}
