// Reads one configuration value (text from env/flags, or a typed YAML value) by kind.
import { isIP } from 'node:net';
import { ok, fail, type Result } from '../util/result.js';
import type { FieldKind } from './section.js';

/** Parses "host:port", "[v6]:port" or a bare host; the message says what was wrong. */
export function parseHostPort(text: string): Result<{ host: string; port?: number }> {
  const t = text.trim();
  let host = t;
  let portText: string | undefined;
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    if (end < 0) return fail('bad', `"${text}" has no closing ]`);
    host = t.slice(1, end);
    if (t.length > end + 1) {
      if (t[end + 1] !== ':') return fail('bad', `"${text}": expected :port after ]`);
      portText = t.slice(end + 2);
    }
  } else if (t.split(':').length === 2) {
    [host, portText] = t.split(':') as [string, string];
  } else if (isIP(t) !== 6 && t.includes(':')) {
    return fail('bad', `"${text}" is not host:port`);
  }
  if (!host) return fail('bad', `"${text}" has no host`);
  if (/[\s/]/.test(host)) return fail('bad', `"${text}" is not a host name or IP address`);
  if (portText === undefined) return ok({ host });
  const port = Number(portText);
  // Port 0 asks the OS for a free port (tests, and several nodes on one host).
  if (!/^\d+$/.test(portText) || port > 65535) return fail('bad', `"${text}": port must be 0..65535`);
  return ok({ host, port });
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a single address. */
export function parseCidr(text: string): Result<{ address: string; prefix: number; family: 'ipv4' | 'ipv6' }> {
  const [address = '', prefixText] = text.trim().split('/');
  const v = isIP(address);
  if (v === 0) return fail('bad', `"${text}" is not an IP network (address/prefix)`);
  const max = v === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && (!/^\d+$/.test(prefixText) || prefix > max)) return fail('bad', `"${text}": prefix must be 0..${max}`);
  return ok({ address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' });
}

/** Converts `raw` to the type its kind wants, or explains the rejection. */
export function parseValue(kind: FieldKind, raw: unknown): Result<unknown> {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (kind.type) {
    case 'string':
      if (typeof text !== 'string' && typeof text !== 'number') return fail('bad', `expected text, got ${JSON.stringify(raw)}`);
      if (kind.nonEmpty && String(text) === '') return fail('bad', 'must not be empty');
      if (kind.pattern && !kind.pattern.re.test(String(text))) return fail('bad', `${JSON.stringify(raw)} is not allowed; allowed: ${kind.pattern.says}`);
      return ok(String(text));
    case 'int': {
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || ((n < kind.min || n > kind.max) && !(kind.zeroIsAuto && n === 0))) {
        return fail('bad', `${JSON.stringify(raw)} is not allowed; allowed: ${kind.zeroIsAuto ? '0 (automatic) or ' : ''}an integer ${kind.min}..${kind.max}`);
      }
      return ok(n);
    }
    case 'bool':
      if (text === true || text === 'true' || text === '1' || text === 'yes') return ok(true);
      if (text === false || text === 'false' || text === '0' || text === 'no') return ok(false);
      return fail('bad', `${JSON.stringify(raw)} is not allowed; allowed: true, false`);
    case 'enum':
      if (typeof text === 'string' && kind.values.includes(text)) return ok(text);
      return fail('bad', `${JSON.stringify(raw)} is not allowed; allowed: ${kind.values.join(', ')}`);
    case 'hostport': {
      if (typeof text !== 'string') return fail('bad', `expected host:port, got ${JSON.stringify(raw)}`);
      const hp = parseHostPort(text);
      return hp.ok ? ok(text) : hp;
    }
    case 'list': {
      const items = Array.isArray(text) ? text.map((v) => String(v).trim()) : typeof text === 'string' ? text.split(',').map((s) => s.trim()) : null;
      if (!items) return fail('bad', `expected a comma-separated list, got ${JSON.stringify(raw)}`);
      const list = items.filter((s) => s !== '');
      for (const item of list) {
        const check = kind.item === 'hostport' ? parseHostPort(item) : kind.item === 'cidr' ? parseCidr(item) : ok(item);
        if (!check.ok) return check;
      }
      return ok(list);
    }
    case 'regex': {
      if (typeof text !== 'string') return fail('bad', `expected a regular expression, got ${JSON.stringify(raw)}`);
      try {
        new RegExp(text);
      } catch (err) {
        return fail('bad', `${JSON.stringify(raw)} is not a valid regular expression (${(err as Error).message})`);
      }
      return ok(text);
    }
  }
}
