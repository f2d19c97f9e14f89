// Splits argv into positionals and --flags (`--key=value` or `--key value`). Short flags
// (`--nodes`) are kept as given: the config loader knows which key each stands for.

/** Parsed command line. */
export interface Args {
  positional: string[];
  flags: Record<string, string>;
  help: boolean;
}

/** Parses argv (without node and script); `--help`/`-h` anywhere asks for help. */
export function parseArgs(argv: string[]): Args {
  const out: Args = { positional: [], flags: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') {
      out.help = true;
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let value: string;
      const next = argv[i + 1];
      if (eq > 0) value = a.slice(eq + 1);
      else if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      } else value = 'true';
      out.flags[name] = value;
    } else {
      out.positional.push(a);
    }
  }
  return out;
}
