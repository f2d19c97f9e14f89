// Command-line options of the bench scripts: `--name value`, checked, with a default.

function raw(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function refuse(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** An integer option within [min, max]; exits with a clear line otherwise. */
export function intArg(name: string, dflt: number, min: number, max: number): number {
  const text = raw(name);
  const v = text === undefined ? dflt : Number(text);
  if (!Number.isInteger(v) || v < min || v > max) refuse(`--${name} must be an integer ${min}..${max}`);
  return v;
}

/** A comma-separated list of integers, each within [min, max]. */
export function listArg(name: string, dflt: string, min: number, max: number): number[] {
  const list = (raw(name) ?? dflt).split(',').map(Number);
  if (list.some((v) => !Number.isInteger(v) || v < min || v > max)) refuse(`--${name} must be integers ${min}..${max}, comma separated`);
  return list;
}
