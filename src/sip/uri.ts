// Addresses in From, To, Contact, P-Asserted-Identity, Diversion and the Request-URI:
//
//   name-addr = [ display-name ] "<" URI ">" *( ";" header-param )
//   addr-spec = URI *( ";" header-param )          (no angle brackets)
//   display   = "quoted \"string\"" / token *( LWS token )
//   sip URI   = "sip" ["s"] ":" [ user [ ":" password ] "@" ] host [ ":" port ] *( ";" param ) [ "?" headers ]
//   host      = hostname / IPv4 / "[" IPv6 "]"
//   tel URI   = "tel:" number *( ";" param )
//
// In `<sip:a@b;transport=tcp>;tag=x` transport belongs to the URI and tag to the header.
// Users are cut at ';' so `+4915123;npdi` is searchable as `+4915123`.

import { firstListElementEnd, unquote } from './params.js';

/** An address header value split into display name, URI and header parameters. */
export interface NameAddr {
  /** Display name, unquoted and unescaped; '' when absent. */
  display: string;
  /** URI without angle brackets; '*' for a wildcard Contact. */
  uri: string;
  /** Header parameters text, starting at its first ';' ('' when none). */
  params: string;
}

/** Parts of a URI; '' for a part that is absent. */
export interface UriParts {
  scheme: string;
  user: string;
  /** Host; an IPv6 reference without its brackets. */
  host: string;
  port: string;
}

const EMPTY_URI: UriParts = { scheme: '', user: '', host: '', port: '' };

/** Splits the first address of a header value into display, URI and header params. */
export function parseNameAddr(value: string): NameAddr {
  let i = 0;
  while (i < value.length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
  let display: string;
  let lt: number;
  if (value.charCodeAt(i) === 0x22 /* " */) {
    let close = i + 1;
    while (close < value.length && value.charCodeAt(close) !== 0x22) close += value.charCodeAt(close) === 0x5c ? 2 : 1;
    display = unquote(value.slice(i, close + 1));
    lt = value.indexOf('<', close + 1);
    if (lt < 0) return addrSpec(value, Math.min(close + 1, value.length), display);
  } else {
    lt = value.indexOf('<', i);
    const comma = value.indexOf(',', i);
    // No '<' in this element: an addr-spec (`sip:a@b;tag=1`) or a wildcard.
    if (lt < 0 || (comma >= 0 && comma < lt)) return addrSpec(value, i, '');
    display = value.slice(i, lt).trim();
  }
  const gt = value.indexOf('>', lt + 1);
  const uri = value.slice(lt + 1, gt < 0 ? value.length : gt).trim();
  if (gt < 0) return { display, uri, params: '' };
  const end = elementEnd(value, gt + 1);
  const semi = value.indexOf(';', gt + 1);
  return { display, uri, params: semi < 0 || semi > end ? '' : value.slice(semi, end) };
}

// addr-spec: the element ends at the first ',', header params begin at the first ';'
// after the user part, so a user with parameters (`sip:+49;npdi@h;tag=1`) keeps them.
function addrSpec(value: string, from: number, display: string): NameAddr {
  const end = elementEnd(value, from);
  const at = value.indexOf('@', from);
  const semi = value.indexOf(';', at < 0 || at > end ? from : at);
  if (semi < 0 || semi >= end) return { display, uri: value.slice(from, end).trim(), params: '' };
  return { display, uri: value.slice(from, semi).trim(), params: value.slice(semi, end) };
}

// Index of the ',' ending the list element that continues at `from` (outside quotes and
// angle brackets), or value.length.
function elementEnd(value: string, from: number): number {
  const comma = value.indexOf(',', from);
  if (comma < 0) return value.length;
  const q = value.indexOf('"', from);
  const lt = value.indexOf('<', from);
  if ((q < 0 || q > comma) && (lt < 0 || lt > comma)) return comma;
  return firstListElementEnd(value, from);
}

function isAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Index of the ':' ending the URI scheme at the start of s (`sip:`, `tel:`...), or -1. */
export function schemeEnd(s: string): number {
  if (!isAlpha(s.charCodeAt(0))) return -1;
  for (let i = 1; i < s.length && i < 32; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3a) return i;
    if (!isAlpha(c) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return -1;
  }
  return -1;
}

/** True when s starts with a URI scheme and ':'. */
export function hasScheme(s: string): boolean {
  return schemeEnd(s) > 0;
}

// Characters that end a host or port: ; ? > , : SP
const HOST_END = new Uint8Array(128);
for (const c of ';?>,: ') HOST_END[c.charCodeAt(0)] = 1;

// End of a host or port starting at `from`.
function hostEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (HOST_END[s.charCodeAt(i) & 0x7f] === 1 && s.charCodeAt(i) < 128) return i;
  }
  return s.length;
}

// Lower-case scheme of `uri` (known to be followed by ':' at `colon`), without
// allocating for the usual ones.
function schemeOf(uri: string, colon: number): string {
  if (colon === 3 && uri.startsWith('sip')) return 'sip';
  if (colon === 4 && uri.startsWith('sips')) return 'sips';
  if (colon === 3 && uri.startsWith('tel')) return 'tel';
  return uri.slice(0, colon).toLowerCase();
}

/** Splits a URI into scheme, user, host and port; unknown shapes give '' parts. */
export function parseUri(uri: string): UriParts {
  const colon = schemeEnd(uri);
  if (colon < 0) return EMPTY_URI;
  const rest = colon + 1;
  const scheme = schemeOf(uri, colon);
  if (scheme === 'tel') {
    const semi = uri.indexOf(';', rest);
    return { scheme, user: uri.slice(rest, semi < 0 ? uri.length : semi).trim(), host: '', port: '' };
  }
  const at = uri.indexOf('@', rest);
  // Only sip/sips (and user@host URIs of other schemes) have a host; `urn:service:sos` not.
  if (at < 0 && scheme !== 'sip' && scheme !== 'sips') return { scheme, user: '', host: '', port: '' };
  let user = '';
  if (at >= 0) {
    // user [":" password]; user parameters (`;npdi`) are cut off too.
    const semi = uri.indexOf(';', rest);
    const pw = uri.indexOf(':', rest);
    let userEnd = at;
    if (semi >= 0 && semi < userEnd) userEnd = semi;
    if (pw >= 0 && pw < userEnd) userEnd = pw;
    user = uri.slice(rest, userEnd);
  }
  const hostStart = at < 0 ? rest : at + 1;
  let host: string;
  let portStart: number;
  if (uri.charCodeAt(hostStart) === 0x5b /* [ */) {
    const close = uri.indexOf(']', hostStart);
    if (close < 0) {
      const semi = uri.indexOf(';', hostStart);
      return { scheme, user, host: uri.slice(hostStart + 1, semi < 0 ? uri.length : semi), port: '' };
    }
    host = uri.slice(hostStart + 1, close);
    portStart = close + 1;
  } else {
    portStart = hostEnd(uri, hostStart);
    host = uri.slice(hostStart, portStart);
  }
  const port = uri.charCodeAt(portStart) === 0x3a ? uri.slice(portStart + 1, hostEnd(uri, portStart + 1)) : '';
  return { scheme, user, host, port };
}
