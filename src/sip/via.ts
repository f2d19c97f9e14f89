// The first Via value:
//
//   via-parm = sent-protocol LWS sent-by *( ";" via-params )
//              SIP / 2.0 / UDP    10.0.0.1:5060 ;branch=z9hG4bK776;rport
//   sent-by  = host [ ":" port ]      host may be "[" IPv6 "]"
//
// LWS is allowed around the '/' of sent-protocol.

import { paramValue, paramsStart } from './params.js';

/** Parts of one Via value; '' for a part that is absent or malformed. */
export interface ViaParts {
  /** Transport, upper-case: UDP, TCP, TLS, SCTP, WS, WSS. */
  transport: string;
  /** host[:port] as written. */
  sentBy: string;
  branch: string;
}

const NO_VIA: ViaParts = { transport: '', sentBy: '', branch: '' };

// The usual transports are written upper-case already; only others are converted.
function upperTransport(t: string): string {
  return t === 'UDP' || t === 'TCP' || t === 'TLS' || t === 'WSS' || t === 'WS' ? t : t.toUpperCase();
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Splits one Via value into transport, sent-by and branch. */
export function parseVia(value: string): ViaParts {
  // sent-protocol: three tokens separated by '/', LWS allowed around each '/'.
  const slash1 = value.indexOf('/');
  const slash2 = slash1 < 0 ? -1 : value.indexOf('/', slash1 + 1);
  if (slash2 < 0) return NO_VIA;
  let i = slash2 + 1;
  while (i < value.length && isWs(value.charCodeAt(i))) i++;
  const tStart = i;
  while (i < value.length && !isWs(value.charCodeAt(i)) && value.charCodeAt(i) !== 0x3b) i++;
  const transport = upperTransport(value.slice(tStart, i));
  const semi = paramsStart(value, i);
  const sentBy = value.slice(i, semi < 0 ? value.length : semi).trim();
  const branch = semi < 0 ? '' : (paramValue(value, semi, 'branch') ?? '');
  return { transport, sentBy, branch };
}
