// The project folder (the one holding package.json), found from a module's own folder,
// so code works the same from src/ under tsx and from dist/ after a build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Nearest ancestor of `from` (inclusive) holding package.json and cql/; `from` if there is none. */
export function projectRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cql'))) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}
