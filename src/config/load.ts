// Builds the Config: defaults -> optional file (YAML or JSON) -> SIPTRAIL_* environment
// -> command-line flags. Every value passes the FIELDS table; a bad one stops start-up
// with a ConfigError naming the key and what it accepts.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FIELDS, defaultConfig, type Field } from './fields.js';
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
}

/** SIPTRAIL_CASSANDRA_CONTACT_POINTS for `cassandra.contactPoints`. */
export function envName(path: string): string {
  return 'SIPTRAIL_' + path.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `--cassandra.contact-points` and `--cassandra.contactPoints` both name the same key. */
function flagKey(name: string): string {
  return name.replace(/-/g, '').toLowerCase();
}

const byFlag = new Map(FIELDS.map((f) => [flagKey(f.path), f]));
const byEnv = new Map(FIELDS.map((f) => [envName(f.path), f]));
const byPath = new Map(FIELDS.map((f) => [f.path, f]));

/** SIPTRAIL_* variables that are not configuration keys: the file, and main.ts's stack-trace switch. */
const NOT_KEYS = new Set(['SIPTRAIL_CONFIG', 'SIPTRAIL_DEBUG']);

// Unknown names used to be refused without saying what is allowed (the README promises the
// allowed values in every rejection): list the keys of the section meant, else the sections.
function allowedNames(section: string, name: (f: Field) => string, sectionName: (s: string) => string): string {
  const sectionOf = (f: Field) => f.path.split('.')[0]!;
  const same = FIELDS.filter((f) => sectionOf(f).toLowerCase() === section.toLowerCase());
  const list = same.length > 0 ? same.map(name) : [...new Set(FIELDS.map(sectionOf))].map(sectionName);
  return `allowed: ${list.join(', ')}`;
}

function set(cfg: Config, field: Field, raw: unknown, source: string): void {
  const res = parseValue(field.kind, raw);
  if (!res.ok) throw new ConfigError(`${source}: ${field.path}: ${res.detail}`);
  const [section, key] = field.path.split('.') as [keyof Config, string];
  (cfg[section] as unknown as Record<string, unknown>)[key] = res.value;
}

function applyFile(cfg: Config, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${file}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${file}: expected a mapping of sections`);
  for (const [section, body] of Object.entries(doc as Record<string, unknown>)) {
    if (!(section in cfg)) throw new ConfigError(`config file ${file}: unknown section "${section}" (known: ${Object.keys(cfg).join(', ')})`);
    if (body === null) continue;
    if (typeof body !== 'object' || Array.isArray(body)) throw new ConfigError(`config file ${file}: section "${section}" must be a mapping`);
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
      const field = byPath.get(`${section}.${key}`);
      if (!field) throw new ConfigError(`config file ${file}: unknown key "${section}.${key}"; ${allowedNames(section, (f) => f.path.split('.')[1]!, (s) => s)}`);
      set(cfg, field, raw, `config file ${file}`);
    }
  }
}

/** Builds and validates the configuration from its sources, in precedence order. */
export function loadConfig(src: ConfigSources = {}): Config {
  const cfg = defaultConfig();
  const env = src.env ?? {};
  const file = src.flags?.config ?? env.SIPTRAIL_CONFIG ?? src.file;
  if (file) applyFile(cfg, file);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('SIPTRAIL_') || NOT_KEYS.has(name) || value === undefined) continue;
    const field = byEnv.get(name);
    if (!field) {
      const section = name.slice('SIPTRAIL_'.length).split('_')[0]!;
      throw new ConfigError(`environment: unknown variable ${name}; ${allowedNames(section, (f) => envName(f.path), (s) => `SIPTRAIL_${s.toUpperCase()}_*`)}`);
    }
    set(cfg, field, value, `environment ${name}`);
  }
  for (const [name, value] of Object.entries(src.flags ?? {})) {
    if (name === 'config') continue;
    const field = byFlag.get(flagKey(name));
    if (!field) throw new ConfigError(`flag --${name}: unknown option; ${allowedNames(name.split('.')[0]!, (f) => `--${f.path}`, (s) => `--${s}.*`)}`);
    set(cfg, field, value, `flag --${name}`);
  }
  return crossCheck(cfg);
}

function crossCheck(cfg: Config): Config {
  const c = cfg.cassandra;
  if (c.mode === 'local' && c.replicationFactor > cfg.local.nodes) {
    throw new ConfigError(`cassandra.replicationFactor: ${c.replicationFactor} is more than local.nodes (${cfg.local.nodes}); allowed: 1..${cfg.local.nodes}`);
  }
  if (c.mode === 'external' && c.contactPoints.length === 0) {
    throw new ConfigError('cassandra.contactPoints: empty, but cassandra.mode is external; allowed: host[:port],...');
  }
  return cfg;
}
