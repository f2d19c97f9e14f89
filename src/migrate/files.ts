// Reads the versioned schema files (cql/NNN-name.cql): their version, a checksum, and
// their statements with the ${param} placeholders filled in.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One schema version as read from disk. */
export interface SchemaFile {
  version: number;
  name: string;
  checksum: string;
  text: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The project's cql/ folder, found from the source tree or from dist/. */
export const CQL_DIR = [join(here, '..', '..', 'cql'), join(here, '..', '..', '..', 'cql')].find((d) => existsSync(d)) ?? join(here, '..', '..', 'cql');

/** Every NNN-*.cql file in `dir`, in version order; refuses gaps in naming and duplicate versions. */
export function readSchemaFiles(dir: string = CQL_DIR): SchemaFile[] {
  const files: SchemaFile[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.cql')) continue;
    const [, digits, name] = /^(\d{3})-([a-z0-9-]+)\.cql$/.exec(f) ?? [];
    if (digits === undefined || name === undefined) throw new Error(`schema file ${f}: name must be NNN-name.cql`);
    const version = Number(digits);
    if (files.some((x) => x.version === version)) throw new Error(`schema version ${version} appears twice in ${dir}`);
    const text = readFileSync(join(dir, f), 'utf8');
    files.push({ version, name, checksum: createHash('sha256').update(text).digest('hex').slice(0, 16), text });
  }
  return files;
}

/** Splits a file into statements (a `;` at the end of a line ends one) without comment lines. */
export function statements(text: string, params: Record<string, string>): string[] {
  const body = text
    .split('\n')
    .filter((line) => !/^\s*(?:--|\/\/)/.test(line))
    .join('\n')
    .replace(/\$\{(\w+)\}/g, (_, key: string) => {
      const v = params[key];
      if (v === undefined) throw new Error(`schema placeholder \${${key}} has no value`);
      return v;
    });
  return body
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
