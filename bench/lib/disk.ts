// Bytes a folder holds, for the benches' disk figures (data and commit log of a node).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of the regular files under `dir` (6 levels deep at most); 0 when it does not exist. */
export function du(dir: string, depth = 0): number {
  if (!existsSync(dir) || depth > 6) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += du(p, depth + 1);
    else if (e.isFile()) total += statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}
