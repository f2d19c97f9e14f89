// Command-line options of the bench scripts: `--name value` or `--name=value`, each checked
// against the range the bench declares, with a default. A bad or unknown option ends the
// bench with one line and exit code 2 before anything starts.

/** Thrown for a bad or unknown option; the benches exit with its message. */
export class BenchArgError extends Error {
  override name = 'BenchArgError';
}

/** One bench's options, read from argv as the bench asks for each. */
export class BenchArgs {
  private readonly asked = new Set<string>();

  /** `bench` names the bench in messages (`bench:soak`); `argv` excludes node and the script. */
  constructor(private readonly bench: string, private readonly argv: readonly string[] = process.argv.slice(2)) {}

  private raw(name: string): string | undefined {
    this.asked.add(name);
    for (const [i, a] of this.argv.entries()) {
      if (a === `--${name}`) return this.argv[i + 1] ?? '';
      if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    }
    return undefined;
  }

  private refuse(message: string): never {
    throw new BenchArgError(`${this.bench}: ${message}`);
  }

  /** An integer option within [min, max]. */
  int(name: string, dflt: number, min: number, max: number): number {
    return this.optionalInt(name, min, max) ?? dflt;
  }

  /** An integer option within [min, max], or undefined when it is not given. */
  optionalInt(name: string, min: number, max: number): number | undefined {
    const text = this.raw(name);
    if (text === undefined) return undefined;
    const v = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(v >= min && v <= max)) this.refuse(`--${name} must be an integer ${min}..${max}, not ${JSON.stringify(text)}`);
    return v;
  }

  /** A comma-separated list of integers, each within [min, max]. */
  list(name: string, dflt: string, min: number, max: number): number[] {
    const text = this.raw(name) ?? dflt;
    const list = text.split(',').map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN));
    if (list.some((v) => !(v >= min && v <= max))) this.refuse(`--${name} must be integers ${min}..${max}, comma separated, not ${JSON.stringify(text)}`);
    return list;
  }

  /** Free text of at most 200 characters. */
  text(name: string, dflt: string): string {
    const text = this.raw(name) ?? dflt;
    if (text.length > 200) this.refuse(`--${name} must be at most 200 characters`);
    return text;
  }

  /** One of `values`. */
  choice<const V extends readonly string[]>(name: string, values: V, dflt: V[number]): V[number] {
    const text = this.raw(name) ?? dflt;
    if (!values.includes(text)) this.refuse(`--${name} must be ${values.join(' or ')}, not ${JSON.stringify(text)}`);
    return text;
  }

  /** A switch: true when given (it takes no value). */
  flag(name: string): boolean {
    this.asked.add(name);
    return this.argv.includes(`--${name}`);
  }

  /** Refuses any option the bench did not ask for (call once every option has been read). */
  done(): void {
    for (const a of this.argv) {
      const name = a.startsWith('--') ? a.slice(2).split('=')[0] ?? '' : null;
      if (name !== null && !this.asked.has(name)) this.refuse(`unknown option --${name}; allowed: ${[...this.asked].map((n) => `--${n}`).join(', ')}`);
    }
  }
}

/** Reads a bench's options with `read`; a bad or unknown one prints one line and exits with code 2. */
export function benchArgs<T>(bench: string, read: (args: BenchArgs) => T, argv: readonly string[] = process.argv.slice(2)): T {
  try {
    const args = new BenchArgs(bench, argv);
    const out = read(args);
    args.done();
    return out;
  } catch (err) {
    if (!(err instanceof BenchArgError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
