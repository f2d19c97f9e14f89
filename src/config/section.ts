// How a module declares its configuration section: each key once, with its kind, default
// and one line of help. The Config type, the defaults, the loader's lookup tables, --help
// and docs/configuration.md are all derived from these declarations.

/** How a key's text value is read and checked (parse-value.ts). */
export type FieldKind =
  | { type: 'string'; nonEmpty?: boolean; pattern?: { re: RegExp; says: string } }
  | { type: 'int'; min: number; max: number; /** 0 is also allowed, meaning: computed. */ zeroIsAuto?: boolean }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list'; item?: 'hostport' | 'string' | 'cidr' }
  | { type: 'regex' }
  | { type: 'hostport' };

/** One key of a section; `T` is the type its value has in the Config. */
export interface Key<T> {
  kind: FieldKind;
  default: T;
  help: string;
  /** A short flag that names this key too (`--nodes` for `local.nodes`). */
  alias?: string;
  /** A key of another section this one stands for in its section's command; that key's flag is refused there. */
  replaces?: string;
}

/** A section: the keys of one module under one name (`capture`, `cassandra`, ...). */
export interface Section<N extends string = string, K extends Record<string, Key<unknown>> = Record<string, Key<unknown>>> {
  name: N;
  /** What the module is, one line (docs/configuration.md). */
  help: string;
  /** Set when only one command reads the section (`deploy`): its aliases count only there. */
  command?: string;
  keys: K;
}

/** The values of a section as the Config holds them. */
export type SectionValues<S extends Section> = { [k in keyof S['keys']]: S['keys'][k] extends Key<infer T> ? T : never };

/** The Config made of a list of sections, one property per section name. */
export type ConfigOf<Ss extends readonly Section[]> = { [S in Ss[number] as S['name']]: SectionValues<S> };

/** Any configuration: section name to key to value. */
export type ConfigValues = Record<string, Record<string, unknown>>;

/** One key with its dotted path (`cassandra.keyspace`), as the loader and the docs see it. */
export interface Field extends Key<unknown> {
  path: string;
  section: Section;
}

/** Declares a section; `const` keeps enum values as literal types. */
export function section<const N extends string, const K extends Record<string, Key<unknown>>>(decl: Section<N, K>): Section<N, K> {
  return decl;
}

type Extra = Pick<Key<unknown>, 'alias' | 'replaces'>;

/** Free text; `nonEmpty` refuses '', `pattern` refuses what it does not match. */
export function text(d: { default: string; help: string; nonEmpty?: boolean; pattern?: { re: RegExp; says: string } } & Extra): Key<string> {
  const { default: dflt, help, nonEmpty, pattern, ...extra } = d;
  return { kind: { type: 'string', nonEmpty, pattern }, default: dflt, help, ...extra };
}

/** An integer in min..max (or 0, meaning computed, with `zeroIsAuto`). */
export function int(d: { default: number; min: number; max: number; help: string; zeroIsAuto?: boolean } & Extra): Key<number> {
  const { default: dflt, min, max, zeroIsAuto, help, ...extra } = d;
  return { kind: { type: 'int', min, max, zeroIsAuto }, default: dflt, help, ...extra };
}

/** true or false (also 1/0, yes/no). */
export function bool(d: { default: boolean; help: string } & Extra): Key<boolean> {
  const { default: dflt, help, ...extra } = d;
  return { kind: { type: 'bool' }, default: dflt, help, ...extra };
}

/** One of a fixed list of words. */
export function oneOf<const V extends readonly string[]>(d: { values: V; default: V[number]; help: string } & Extra): Key<V[number]> {
  const { values, default: dflt, help, ...extra } = d;
  return { kind: { type: 'enum', values }, default: dflt, help, ...extra };
}

/** A comma-separated list (a YAML sequence in a file), each item checked as `item`. */
export function list(d: { default: string[]; help: string; item?: 'hostport' | 'string' | 'cidr' } & Extra): Key<string[]> {
  const { default: dflt, help, item, ...extra } = d;
  return { kind: { type: 'list', item }, default: dflt, help, ...extra };
}

/** A JavaScript regular expression. */
export function regex(d: { default: string; help: string } & Extra): Key<string> {
  const { default: dflt, help, ...extra } = d;
  return { kind: { type: 'regex' }, default: dflt, help, ...extra };
}

/** `host:port`, `[v6]:port` or a bare host. */
export function hostPort(d: { default: string; help: string } & Extra): Key<string> {
  const { default: dflt, help, ...extra } = d;
  return { kind: { type: 'hostport' }, default: dflt, help, ...extra };
}

/** Every key of the sections, in declaration order. */
export function fieldsOf(sections: readonly Section[]): Field[] {
  return sections.flatMap((s) => Object.entries(s.keys).map(([key, k]) => ({ ...k, path: `${s.name}.${key}`, section: s })));
}

/** A fresh copy of the defaults (lists are not shared between calls). */
export function defaultsOf<const Ss extends readonly Section[]>(sections: Ss): ConfigOf<Ss> {
  const out: ConfigValues = {};
  for (const s of sections) {
    out[s.name] = Object.fromEntries(Object.entries(s.keys).map(([key, k]) => [key, Array.isArray(k.default) ? [...(k.default as unknown[])] : k.default]));
  }
  return out as ConfigOf<Ss>;
}

/** The values of one section, typed by its declaration. */
export function valuesOf<S extends Section>(s: S, cfg: ConfigValues): SectionValues<S> {
  const v = cfg[s.name];
  if (!v) throw new Error(`configuration section "${s.name}" was not loaded`);
  return v as SectionValues<S>;
}
