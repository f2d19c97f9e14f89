// From scanned header values to the SipMessage fields: addresses, Via, CSeq, and the
// correlation ids. Each field is cut from its header with the small parsers beside this
// file; absent headers give ''.

import { H } from './header-names.js';
import type { ScannedHeaders } from './headers.js';
import { authParam, firstListElement, paramValue } from './params.js';
import type { StartLine } from './start-line.js';
import type { SipMessage } from './types.js';
import { parseNameAddr, parseUri } from './uri.js';
import { parseVia } from './via.js';

/** Decimal number of at most 9 digits, or undefined. */
export function smallInt(s: string | undefined): number | undefined {
  if (s === undefined || s.length === 0 || s.length > 9) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    n = n * 10 + c - 0x30;
  }
  return n;
}

/** Builds the parsed message from its start line, scanned headers and framed body. */
export function sipFields(
  s: StartLine,
  scan: ScannedHeaders,
  callId: string,
  body: Buffer,
  truncated: boolean,
  contentLength: number | undefined,
): SipMessage {
  const v = scan.values;
  const ruri = parseUri(s.requestUri);
  const from = parseNameAddr(v[H.From] ?? '');
  const fromUri = parseUri(from.uri);
  const to = parseNameAddr(v[H.To] ?? '');
  const toUri = parseUri(to.uri);
  const pid = v[H.PAssertedIdentity] ?? v[H.PPreferredIdentity];
  const pidUser = pid === undefined ? '' : parseUri(parseNameAddr(pid).uri).user;
  const contact = parseNameAddr(v[H.Contact] ?? '');
  const contactUri = parseUri(contact.uri);
  const auth = v[H.Authorization] ?? v[H.ProxyAuthorization];
  const via = firstListElement(v[H.Via] ?? '');
  const viaParts = parseVia(via);
  const cseq = v[H.CSeq] ?? '';
  let cseqSp = 0;
  while (cseqSp < cseq.length && cseq.charCodeAt(cseqSp) !== 0x20 && cseq.charCodeAt(cseqSp) !== 0x09) cseqSp++;
  const diversion = firstListElement(v[H.Diversion] ?? '');
  const sessionId = v[H.SessionId] ?? '';
  const sessionSemi = sessionId.indexOf(';');
  const userAgent = v[H.UserAgent];
  const server = v[H.Server] ?? '';
  const pcv = v[H.PChargingVector];

  return {
    isRequest: s.isRequest,
    method: s.method,
    requestUri: s.requestUri,
    ruriUser: ruri.user,
    ruriHost: ruri.host,
    ruriPort: ruri.port,
    statusCode: s.statusCode,
    reasonPhrase: s.reasonPhrase,
    callId,
    fromUri: from.uri,
    fromUser: fromUri.user,
    fromHost: fromUri.host,
    fromTag: paramValue(from.params, 0, 'tag') ?? '',
    fromDisplay: from.display,
    toUri: to.uri,
    toUser: toUri.user,
    toHost: toUri.host,
    toTag: paramValue(to.params, 0, 'tag') ?? '',
    toDisplay: to.display,
    pidUser,
    contactUri: contact.uri,
    contactUser: contactUri.user,
    contactIp: contactUri.host,
    contactPort: contactUri.port,
    authUser: auth === undefined ? '' : (authParam(auth, 'username') ?? ''),
    via,
    viaBranch: viaParts.branch,
    viaTransport: viaParts.transport,
    viaSentBy: viaParts.sentBy,
    cseqNum: smallInt(cseq.slice(0, cseqSp)),
    cseqMethod: cseq.slice(cseqSp).trim(),
    userAgent: userAgent ?? server,
    server,
    diversion,
    diversionUser: diversion === '' ? '' : parseUri(parseNameAddr(diversion).uri).user,
    reason: v[H.Reason] ?? '',
    contentType: v[H.ContentType] ?? '',
    contentLength,
    maxForwards: smallInt(v[H.MaxForwards]),
    sessionId: (sessionSemi < 0 ? sessionId : sessionId.slice(0, sessionSemi)).trim().toLowerCase(),
    sessionRemote: sessionSemi < 0 ? '' : (paramValue(sessionId, sessionSemi, 'remote') ?? '').toLowerCase(),
    icid: pcv === undefined ? '' : (paramValue(pcv, 0, 'icid-value') ?? ''),
    correlation: scan.correlation,
    extra: scan.extra,
    body,
    truncated,
    headerCount: scan.count,
  };
}
