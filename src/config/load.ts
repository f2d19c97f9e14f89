// Builds the Config: defaults -> optional file (YAML or JSON) -> SIPTRAIL_* environment
// -> command-line flags. Every value passes its key's declaration (section.ts); a bad one
// stops start-up with a ConfigError naming the key and what it accepts.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SECTIONS } from './fields.js';
import { defaultsOf, fieldsOf, type ConfigOf, type ConfigValues, type Field, type Section } from './section.js';
import type { Config } from './types.js';
import { parseValue } from './parse-value.js';

/** A configuration problem, worded for the operator (key, bad value, allowed values). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where configuration text came from, for the sources load() reads. */
export interface ConfigSources {
  file?: string;
  env?: Record<string, string | undefined>;
  flags?: Record<string, string>;
  /** The command being run: the aliases of a section that belongs to it (`deploy`) count only then. */
  command?: string;
}

/** The loaded values, and the dotted paths a file, the environment or a flag set (the rest are defaults). */
export interface Loaded<C> {
  config: C;
  explicit: ReadonlySet<string>;
}

/** SIPTRAIL_CASSANDRA_CONTACT_POINTS for `cassandra.contactPoints`. */
export function envName(path: string): string {
  return 'SIPTRAIL_' + path.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `--cassandra.contact-points` and `--cassandra.contactPoints` both name the same key. */
function flagKey(name: string): string {
  return name.replace(/-/g, '').toLowerCase();
}

/** SIPTRAIL_* variables that are not configuration keys: the file, and the entry point's stack-trace switch. */
const NOT_KEYS = new Set(['SIPTRAIL_CONFIG', 'SIPTRAIL_DEBUG']);

const sectionOf = (f: Field) => f.section.name;

/** Lookup tables of one list of sections, for one command. */
class KeyTables {
  readonly fields: Field[];
  readonly byPath: Map<string, Field>;
  readonly byEnv: Map<string, Field>;
  readonly byFlag: Map<string, Field>;
  readonly aliases: Field[];

  constructor(sections: readonly Section[], command: string | undefined) {
    this.fields = fieldsOf(sections);
    this.byPath = new Map(this.fields.map((f) => [f.path, f]));
    this.byEnv = new Map(this.fields.map((f) => [envName(f.path), f]));
    this.aliases = this.fields.filter((f) => f.alias && (f.section.command === undefined || f.section.command === command));
    this.byFlag = new Map([...this.fields.map((f) => [flagKey(f.path), f] as const), ...this.aliases.flatMap((f) => (f.alias ? [[flagKey(f.alias), f] as const] : []))]);
  }

  // Unknown names used to be refused without saying what is allowed (the README promises the
  // allowed values in every rejection): list the keys of the section meant, else the sections.
  allowed(section: string, name: (f: Field) => string, sectionName: (s: string) => string, withAliases = false): string {
    const same = this.fields.filter((f) => sectionOf(f).toLowerCase() === section.toLowerCase());
    const list = same.length > 0 ? same.map(name) : [...new Set(this.fields.map(sectionOf))].map(sectionName);
    if (same.length === 0 && withAliases) list.push(...this.aliases.map((f) => `--${f.alias}`));
    return `allowed: ${list.join(', ')}`;
  }
}

function set(cfg: ConfigValues, explicit: Set<string>, field: Field, raw: unknown, source: string, negate = false): void {
  const res = parseValue(field.kind, raw);
  if (!res.ok) throw new ConfigError(`${source}: ${field.path}: ${res.detail}`);
  const values = cfg[field.section.name];
  if (!values) throw new Error(`config: ${field.path}: the defaults have no section ${field.section.name}`);
  values[field.path.slice(field.section.name.length + 1)] = negate ? !res.value : res.value;
  explicit.add(field.path);
}

function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${file}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

function applyFile(cfg: ConfigValues, explicit: Set<string>, t: KeyTables, file: string): void {
  const doc = readDocument(file);
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${file}: expected a mapping of sections`);
  for (const [section, body] of Object.entries(doc as Record<string, unknown>)) {
    if (!(section in cfg)) throw new ConfigError(`config file ${file}: unknown section "${section}" (known: ${Object.keys(cfg).join(', ')})`);
    if (body === null) continue;
    if (typeof body !== 'object' || Array.isArray(body)) throw new ConfigError(`config file ${file}: section "${section}" must be a mapping`);
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
      const field = t.byPath.get(`${section}.${key}`);
      if (!field) throw new ConfigError(`config file ${file}: unknown key "${section}.${key}"; ${t.allowed(section, (f) => f.path.split('.')[1] ?? '', (s) => s)}`);
      set(cfg, explicit, field, raw, `config file ${file}`);
    }
  }
}

function applyEnv(cfg: ConfigValues, explicit: Set<string>, t: KeyTables, env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('SIPTRAIL_') || NOT_KEYS.has(name) || value === undefined) continue;
    const field = t.byEnv.get(name);
    if (!field) {
      const section = name.slice('SIPTRAIL_'.length).split('_')[0] ?? '';
      throw new ConfigError(`environment: unknown variable ${name}; ${t.allowed(section, (f) => envName(f.path), (s) => `SIPTRAIL_${s.toUpperCase()}_*`)}`);
    }
    set(cfg, explicit, field, value, `environment ${name}`);
  }
}

/** The bool key a `--no-<flag>` turns off, if `name` is one. */
function negated(t: KeyTables, name: string): Field | undefined {
  if (!name.startsWith('no-')) return undefined;
  const field = t.byFlag.get(flagKey(name.slice(3)));
  return field?.kind.type === 'bool' ? field : undefined;
}

function applyFlags(cfg: ConfigValues, explicit: Set<string>, t: KeyTables, flags: Record<string, string>, command: string | undefined): void {
  const replaced = new Map(t.fields.flatMap((f) => (f.replaces && f.section.command === command ? [[f.replaces, f] as const] : [])));
  for (const [name, value] of Object.entries(flags)) {
    if (name === 'config') continue;
    const off = negated(t, name);
    const field = off ?? t.byFlag.get(flagKey(name));
    const instead = field && replaced.get(field.path);
    if (instead) throw new ConfigError(`flag --${name}: not used by "siptrail ${command}"; use --${instead.path}${instead.alias ? ` (or --${instead.alias})` : ''}`);
    if (!field) throw new ConfigError(`flag --${name}: unknown option; ${t.allowed(name.split('.')[0] ?? '', (f) => `--${f.path}`, (s) => `--${s}.*`, !name.includes('.'))}`);
    set(cfg, explicit, field, value, `flag --${name}`, off !== undefined);
  }
}

/** Builds and validates the values of `sections` from the sources, in precedence order. */
export function loadSections<const Ss extends readonly Section[]>(sections: Ss, src: ConfigSources = {}): Loaded<ConfigOf<Ss>> {
  const cfg = defaultsOf(sections) as ConfigValues;
  const explicit = new Set<string>();
  const t = new KeyTables(sections, src.command);
  const env = src.env ?? {};
  const file = src.flags?.config ?? env.SIPTRAIL_CONFIG ?? src.file;
  if (file) applyFile(cfg, explicit, t, file);
  applyEnv(cfg, explicit, t, env);
  applyFlags(cfg, explicit, t, src.flags ?? {}, src.command);
  if (cfg.cassandra && cfg.local) crossCheck(cfg as unknown as Config);
  return { config: cfg as ConfigOf<Ss>, explicit };
}

/** Builds and validates the configuration every role reads (SECTIONS) from its sources. */
export function loadConfig(src: ConfigSources = {}): Config {
  return loadSections(SECTIONS, src).config;
}

function crossCheck(cfg: Config): void {
  const c = cfg.cassandra;
  if (c.mode === 'local' && c.replicationFactor > cfg.local.nodes) {
    throw new ConfigError(`cassandra.replicationFactor: ${c.replicationFactor} is more than local.nodes (${cfg.local.nodes}); allowed: 1..${cfg.local.nodes}`);
  }
  if (c.mode === 'external' && c.contactPoints.length === 0) {
    throw new ConfigError('cassandra.contactPoints: empty, but cassandra.mode is external; allowed: host[:port],...');
  }
}
