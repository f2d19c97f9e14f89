import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSip } from './parse.js';
import type { SipMessage, SipParseOptions } from './types.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
const fixture = (name: string): Buffer => readFileSync(join(dir, name));
const opts: SipParseOptions = { correlationHeaders: ['X-CID'], extraHeaders: ['Subject', 'Event', 'privacy'] };
const none: SipParseOptions = { correlationHeaders: [], extraHeaders: [] };

function parsed(buf: Buffer, o: SipParseOptions = opts): SipMessage {
  const r = parseSip(buf, o);
  if (!r.ok) assert.fail(`rejected: ${r.reason}: ${r.detail}`);
  return r.value;
}

// Compares the listed fields one by one, so a failure names the field.
function expectFields(name: string, want: Partial<Record<keyof SipMessage, unknown>>): void {
  it(name, () => {
    const m = parsed(fixture(name));
    for (const [key, value] of Object.entries(want)) {
      const got = key === 'body' ? m.body.toString('utf8') : m[key as keyof SipMessage];
      assert.deepEqual(got, value, `${name}: ${key}`);
    }
  });
}

const ALICE_CALL = 'a84b4c76e66710@pc33.atlanta.example.com';
const aliceFrom = { fromUser: '+4930123456', fromHost: 'pbx.example.com', fromTag: '9fxced76sl', fromDisplay: 'Alice Smith', fromUri: 'sip:+4930123456@pbx.example.com' };
const firstVia = { via: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport=5060;received=192.0.2.10', viaBranch: 'z9hG4bK74bf9', viaTransport: 'UDP', viaSentBy: '192.0.2.10:5060' };

describe('parseSip on the fixture corpus', () => {
  expectFields('invite-sdp.sip', {
    isRequest: true, method: 'INVITE', requestUri: 'sip:+4989654321@sbc.example.net', ruriUser: '+4989654321',
    ruriHost: 'sbc.example.net', ruriPort: '', statusCode: 0, reasonPhrase: '', callId: ALICE_CALL, ...aliceFrom,
    toUser: '+4989654321', toHost: 'sbc.example.net', toTag: '', toUri: 'sip:+4989654321@sbc.example.net', toDisplay: '',
    pidUser: '', contactUser: '+4930123456', contactIp: '192.0.2.10', contactPort: '5060', authUser: '',
    via: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport', viaBranch: 'z9hG4bK74bf9', viaTransport: 'UDP',
    viaSentBy: '192.0.2.10:5060', cseqNum: 314159, cseqMethod: 'INVITE', userAgent: 'Yealink SIP-T46S 66.86.0.15', server: '',
    diversion: '', diversionUser: '', reason: '', contentType: 'application/sdp', contentLength: 238, maxForwards: 70,
    sessionId: '', icid: '', correlation: {}, extra: {}, truncated: false, headerCount: 12,
  });
  it('invite-sdp.sip: body is the SDP, exactly Content-Length bytes', () => {
    const m = parsed(fixture('invite-sdp.sip'));
    assert.equal(m.body.length, 238);
    assert.ok(m.body.toString('latin1').startsWith('v=0\r\no=alice'));
    assert.ok(m.body.toString('latin1').endsWith('a=sendrecv\r\n'));
  });
  expectFields('invite-diversion-pai.sip', {
    method: 'INVITE', requestUri: 'sip:+4989654321;npdi;rn=+49D123@core.example.net;user=phone', ruriUser: '+4989654321',
    ruriHost: 'core.example.net', callId: '7f3a1c2e-b2b-leg2@198.51.100.20', fromUser: '+4930123456', fromTag: 'as4f6a2c1d',
    fromDisplay: 'Alice, Support', fromUri: 'sip:+4930123456@sbc.example.net;user=phone', toUser: '+4989654321', toTag: '',
    toDisplay: 'Bob', pidUser: '+4930123456', contactUser: '+4930123456', contactIp: '198.51.100.20', contactPort: '5060',
    contactUri: 'sip:+4930123456@198.51.100.20:5060;transport=udp', authUser: 'trunk-42',
    via: 'SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---d1c2a2b3;rport', viaBranch: 'z9hG4bK-524287-1---d1c2a2b3',
    viaTransport: 'UDP', viaSentBy: '198.51.100.20:5060', cseqNum: 102, cseqMethod: 'INVITE', maxForwards: 68,
    diversion: '<sip:+4989111222@core.example.net;user=phone>;reason=unconditional;counter=1;privacy=off', diversionUser: '+4989111222',
    sessionId: 'ab30317f1a784dc48ff824d0d3715d86', sessionRemote: '47755a9de7794ba387653f2099600ef2', icid: '1234bc9876e',
    correlation: { 'X-CID': ALICE_CALL }, extra: { privacy: 'id' }, userAgent: 'ExampleSBC/5.1', headerCount: 20,
  });
  expectFields('100-trying.sip', {
    isRequest: false, method: '', requestUri: '', ruriUser: '', statusCode: 100, reasonPhrase: 'Trying', callId: ALICE_CALL,
    ...aliceFrom, ...firstVia, toTag: '', cseqNum: 314159, cseqMethod: 'INVITE', userAgent: 'ExampleSBC/5.1',
    server: 'ExampleSBC/5.1', contactUri: '', contactIp: '', contentLength: 0, maxForwards: undefined, body: '',
  });
  expectFields('180-ringing.sip', {
    statusCode: 180, reasonPhrase: 'Ringing', ...aliceFrom, toTag: '8321234356', contactUser: '+4989654321',
    contactIp: '198.51.100.20', contactPort: '5060', cseqMethod: 'INVITE', server: 'ExampleSBC/5.1',
  });
  expectFields('183-sdp.sip', {
    statusCode: 183, reasonPhrase: 'Session Progress', toTag: '8321234356', contentType: 'application/sdp', contentLength: 212,
  });
  expectFields('200-ok-sdp.sip', {
    statusCode: 200, reasonPhrase: 'OK', ...aliceFrom, ...firstVia, toTag: '8321234356', toUser: '+4989654321',
    contactUri: 'sip:+4989654321@198.51.100.20:5060;transport=udp', contactUser: '+4989654321', contactIp: '198.51.100.20',
    contactPort: '5060', cseqNum: 314159, cseqMethod: 'INVITE', userAgent: 'ExampleSBC/5.1', server: 'ExampleSBC/5.1',
    contentType: 'application/sdp', contentLength: 212, truncated: false,
  });
  expectFields('ack.sip', {
    method: 'ACK', requestUri: 'sip:+4989654321@198.51.100.20:5060', ruriUser: '+4989654321', ruriHost: '198.51.100.20',
    ruriPort: '5060', viaBranch: 'z9hG4bK74bfa', cseqNum: 314159, cseqMethod: 'ACK', toTag: '8321234356', ...aliceFrom,
  });
  expectFields('bye.sip', {
    method: 'BYE', ruriUser: '+4930123456', ruriHost: '192.0.2.10', fromUser: '+4989654321', fromTag: '8321234356',
    toUser: '+4930123456', toTag: '9fxced76sl', toDisplay: 'Alice Smith', cseqNum: 231, cseqMethod: 'BYE',
    reason: 'Q.850;cause=16;text="Normal call clearing"', userAgent: 'ExampleSBC/5.1', server: '',
  });
  expectFields('486-busy.sip', {
    statusCode: 486, reasonPhrase: 'Busy Here', callId: '99f1c2d3e4@192.0.2.10', fromTag: '11aa22bb', toTag: 'zz99',
    server: 'Asterisk PBX 18.20.0', userAgent: 'Asterisk PBX 18.20.0', viaBranch: 'z9hG4bK1a2b3c',
  });
  expectFields('487-terminated.sip', {
    statusCode: 487, reasonPhrase: 'Request Terminated', callId: 'cancelled-call-1@192.0.2.10', cseqNum: 20,
    cseqMethod: 'INVITE', userAgent: '', server: '',
  });
  expectFields('503-reason.sip', {
    statusCode: 503, reasonPhrase: 'Service Unavailable', reason: 'Q.850;cause=34;text="No circuit/channel available"',
    fromDisplay: 'Alice, Support', toDisplay: 'Bob', toTag: 'gw-77', server: 'CoreGW 2.3',
  });
  expectFields('cancel.sip', {
    method: 'CANCEL', callId: 'cancelled-call-1@192.0.2.10', cseqNum: 20, cseqMethod: 'CANCEL', viaBranch: 'z9hG4bKcancelme',
    userAgent: 'Linphone/5.2.0 (belle-sip/5.2.0)', fromTag: 'c1', toTag: '',
  });
  expectFields('register-auth.sip', {
    method: 'REGISTER', requestUri: 'sip:registrar.example.com', ruriUser: '', ruriHost: 'registrar.example.com',
    fromUri: 'sips:bob@example.com', fromUser: 'bob', fromDisplay: 'Bob, Jr.', fromTag: 'a73kszlfl', toUser: 'bob',
    contactUri: 'sips:bob@203.0.113.7:49521;transport=tls', contactUser: 'bob', contactIp: '203.0.113.7', contactPort: '49521',
    authUser: 'bob', viaTransport: 'TLS', viaSentBy: '203.0.113.7:49521', viaBranch: 'z9hG4bKnashds8',
    cseqNum: 2, cseqMethod: 'REGISTER', userAgent: 'Zoiper rv2.10.20.2',
  });
  expectFields('401-www-authenticate.sip', {
    statusCode: 401, reasonPhrase: 'Unauthorized', authUser: '', toTag: '1410948204', server: 'Kamailio (5.7.4 (x86_64/linux))',
  });
  expectFields('options.sip', {
    method: 'OPTIONS', requestUri: 'sip:core.example.net:5060', ruriUser: '', ruriHost: 'core.example.net', ruriPort: '5060',
    maxForwards: 0, toUser: '', toHost: 'core.example.net', contactUser: 'ping', cseqMethod: 'OPTIONS',
  });
  expectFields('compact.sip', {
    method: 'INVITE', callId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6@192.0.2.4', fromDisplay: 'Dave', fromUser: 'dave',
    fromTag: '1928301774', toUri: 'sip:carol@chicago.example.com', toUser: 'carol', toTag: '',
    via: 'SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds9', viaBranch: 'z9hG4bKnashds9', contactUser: 'dave',
    contactIp: '192.0.2.4', contactPort: '5070', contentType: 'application/sdp', contentLength: 238,
    extra: { subject: 'Project X', event: 'conference' }, headerCount: 12,
  });
  expectFields('ipv6.sip', {
    requestUri: 'sip:bob@[2001:db8::20]:5060', ruriUser: 'bob', ruriHost: '2001:db8::20', ruriPort: '5060',
    fromUser: 'alice', fromHost: '2001:db8::10', fromTag: 'v6a', toHost: '2001:db8::20', callId: 'v6call-1@2001:db8::10',
    contactUser: 'alice', contactIp: '2001:db8::10', contactPort: '5062', viaTransport: 'TCP', viaSentBy: '[2001:db8::10]:5062',
    viaBranch: 'z9hG4bK6v6v6', contentLength: 138,
  });
  expectFields('folded-odd-ws.sip', {
    method: 'INVITE', callId: 'fold-call-1@192.0.2.55', fromDisplay: 'Folded Name', fromUser: 'folder', fromTag: 'f0ld',
    toUser: '+4989654321', via: 'SIP / 2.0 / UDP\t192.0.2.55:5080 ;branch=z9hG4bKfold1', viaTransport: 'UDP',
    viaSentBy: '192.0.2.55:5080', viaBranch: 'z9hG4bKfold1', cseqNum: 7, cseqMethod: 'INVITE', maxForwards: 69,
    userAgent: 'Odd Phone 1.0', contentLength: 0, extra: { subject: "I know you're there, pick up the phone and talk to me!" },
    headerCount: 9,
  });
  expectFields('message.sip', {
    method: 'MESSAGE', requestUri: 'sip:jürgen@example.de', ruriUser: 'jürgen', fromDisplay: 'Jörg "JJ" Müller',
    fromUser: 'joerg', toUser: 'jürgen', viaTransport: 'WSS', viaSentBy: 'df7jal23ls0d.invalid', viaBranch: 'z9hG4bKmsg1',
    contentType: 'text/plain;charset=utf-8', body: 'Grüße aus München – bis gleich!',
  });
  expectFields('notify.sip', {
    method: 'NOTIFY', fromTag: 'n1', toTag: 's1', cseqMethod: 'NOTIFY', contentType: 'application/dialog-info+xml',
    extra: { event: 'dialog' },
  });
  expectFields('register-wildcard.sip', {
    method: 'REGISTER', contactUri: '*', contactUser: '', contactIp: '', contactPort: '', cseqNum: 9,
  });
  expectFields('invite-tel-sips.sip', {
    requestUri: 'tel:+4989654321;phone-context=+49', ruriUser: '+4989654321', ruriHost: '',
    fromUri: 'sips:eve@secure.example.com:5061', fromUser: 'eve', fromHost: 'secure.example.com', fromTag: 'e1',
    fromDisplay: 'Eve "The Tester" <QA>', toUri: 'tel:+4989654321', toUser: '+4989654321', toTag: 'tt1',
    pidUser: '+4930555666', contactIp: '203.0.113.9', contactPort: '5061', viaTransport: 'TLS',
  });

  it('parses every fixture and every string field is a string', () => {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.sip'))) {
      const m = parsed(fixture(name));
      for (const [k, v] of Object.entries(m)) {
        if (['cseqNum', 'contentLength', 'maxForwards'].includes(k)) assert.ok(v === undefined || Number.isInteger(v), `${name} ${k}`);
        else if (!['isRequest', 'statusCode', 'headerCount', 'truncated', 'body', 'correlation', 'extra'].includes(k)) {
          assert.equal(typeof v, 'string', `${name} ${k}`);
        }
      }
      assert.ok(m.callId.length > 0);
      assert.equal(m.truncated, false, name);
      if (m.contentLength !== undefined) assert.equal(m.body.length, m.contentLength, name);
    }
  });
});

describe('parseSip tolerance', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'utf8');
  const minimal = 'OPTIONS sip:h SIP/2.0\r\nCall-ID: c1\r\n\r\n';

  it('accepts bare LF line ends and leading CRLF keep-alives', () => {
    const crlf = fixture('invite-sdp.sip');
    const text = crlf.toString('latin1');
    const cut = text.indexOf('\r\n\r\n');
    const lf = Buffer.from('\r\n\r\n' + text.slice(0, cut).replaceAll('\r\n', '\n') + '\n\n' + text.slice(cut + 4), 'latin1');
    assert.deepEqual(parsed(lf), parsed(crlf));
  });

  it('takes UDP body to Content-Length, ignoring extra bytes', () => {
    const m = parsed(b('MESSAGE sip:h SIP/2.0\r\nCall-ID: c\r\nl: 5\r\n\r\nhello world'));
    assert.equal(m.body.toString(), 'hello');
    assert.equal(m.truncated, false);
  });

  it('flags a body shorter than Content-Length as truncated, keeping what arrived', () => {
    const m = parsed(b('MESSAGE sip:h SIP/2.0\r\nCall-ID: c\r\nContent-Length: 500\r\n\r\nhello'));
    assert.equal(m.body.toString(), 'hello');
    assert.equal(m.contentLength, 500);
    assert.equal(m.truncated, true);
  });

  it('flags a message without the empty line as truncated, keeping its headers', () => {
    const m = parsed(b('BYE sip:h SIP/2.0\r\nCall-ID: c9\r\nCSeq: 3 BYE\r\nUser-Ag'));
    assert.equal(m.callId, 'c9');
    assert.equal(m.cseqMethod, 'BYE');
    assert.equal(m.truncated, true);
    assert.equal(m.body.length, 0);
  });

  it('takes the whole rest as body when Content-Length is absent or not a number', () => {
    assert.equal(parsed(b(minimal + 'abc')).body.toString(), 'abc');
    const m = parsed(b('OPTIONS sip:h SIP/2.0\r\nCall-ID: c\r\nContent-Length: x\r\n\r\nabc'));
    assert.equal(m.contentLength, undefined);
    assert.equal(m.body.toString(), 'abc');
  });

  it('survives NUL bytes and invalid UTF-8 in values', () => {
    const buf = Buffer.concat([
      b('INVITE sip:bob@h SIP/2.0\r\nFrom: "'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), b('" <sip:a@h>;tag=1\r\n'),
      b('Call-ID: x\u0000y\r\nSubject: \u0000\r\n\r\n'),
    ]);
    const m = parsed(buf);
    assert.equal(m.callId, 'x\u0000y');
    assert.equal(m.fromDisplay, '\ufffd\ufffd\u0000\ufffd');
    assert.equal(m.fromTag, '1');
    assert.equal(m.extra['subject'], '\u0000');
  });

  it('parses a large message (big SDP) past the whole-decode size, also with UTF-8 headers', () => {
    const sdp = 'a=x-filler:' + 'z'.repeat(20000) + '\r\n';
    const head = `INVITE sip:big@h SIP/2.0\r\nFrom: "Zoë" <sip:z@h>;tag=9\r\nCall-ID: big-1\r\nContent-Length: ${sdp.length}\r\n\r\n`;
    for (const lead of ['', '\r\n\r\n']) {
      const m = parsed(b(lead + head + sdp));
      assert.equal(m.fromDisplay, 'Zoë');
      assert.equal(m.callId, 'big-1');
      assert.equal(m.body.length, sdp.length);
      assert.equal(m.truncated, false);
    }
  });

  it('honours header params vs URI params, multiple Contacts and Via lists', () => {
    const m = parsed(b([
      'INVITE sip:b@h SIP/2.0',
      'Via: SIP/2.0/TCP first.example:5061;branch=z9hG4bK1 , SIP/2.0/UDP second;branch=z9hG4bK2',
      'Via: SIP/2.0/UDP third;branch=z9hG4bK3',
      'From: <sip:a@b;transport=tcp;tag=uri-param>;tag=header-param',
      'To: "Doe, Jane" <sip:j@h>',
      'm: "X, Y" <sip:x@10.0.0.1:5070>;q=0.5, <sip:y@10.0.0.2>',
      'i: lists-1',
      '', '',
    ].join('\r\n')));
    assert.equal(m.via, 'SIP/2.0/TCP first.example:5061;branch=z9hG4bK1');
    assert.equal(m.viaBranch, 'z9hG4bK1');
    assert.equal(m.fromTag, 'header-param');
    assert.equal(m.fromUri, 'sip:a@b;transport=tcp;tag=uri-param');
    assert.equal(m.toDisplay, 'Doe, Jane');
    assert.equal(m.contactIp, '10.0.0.1');
    assert.equal(m.contactPort, '5070');
  });

  it('prefers Authorization over Proxy-Authorization, P-Asserted- over P-Preferred-Identity', () => {
    const m = parsed(b([
      'INVITE sip:b@h SIP/2.0', 'Call-ID: a1',
      'Proxy-Authorization: Digest username="proxy-user"', 'Authorization: Digest username="ua-user"',
      'P-Preferred-Identity: <sip:ppi@h>', 'P-Asserted-Identity: <sip:pai@h>', '', '',
    ].join('\r\n')));
    assert.equal(m.authUser, 'ua-user');
    assert.equal(m.pidUser, 'pai');
  });

  it('matches correlation and extra headers by any case and compact form', () => {
    const o: SipParseOptions = { correlationHeaders: ['x-cid', 'P-Charging-Vector'], extraHeaders: ['S', 'X-Foo'] };
    const m = parsed(b([
      'INVITE sip:b@h SIP/2.0', 'Call-ID: a1', 'X-Cid: leg-a', 'Subject: one', 'x-foo: 1', 'X-FOO: 2',
      'P-Charging-Vector: icid-value=abc', '', '',
    ].join('\r\n')), o);
    assert.deepEqual(m.correlation, { 'x-cid': 'leg-a', 'P-Charging-Vector': 'icid-value=abc' });
    assert.deepEqual(m.extra, { subject: 'one', 'x-foo': '1, 2' });
    assert.equal(m.icid, 'abc');
    assert.deepEqual(parsed(b(minimal), none).extra, {});
  });

  it('reads CSeq and Max-Forwards with odd spacing, and leaves broken ones undefined', () => {
    const m = parsed(b('ACK sip:h SIP/2.0\r\nCall-ID: c\r\nCSeq:\t 42 \t ACK \r\nMax-Forwards: 7x\r\n\r\n'));
    assert.equal(m.cseqNum, 42);
    assert.equal(m.cseqMethod, 'ACK');
    assert.equal(m.maxForwards, undefined);
    const n = parsed(b('ACK sip:h SIP/2.0\r\nCall-ID: c\r\nCSeq: ACK\r\n\r\n'));
    assert.equal(n.cseqNum, undefined);
  });

  it('returns the body as a view into the input', () => {
    const buf = fixture('200-ok-sdp.sip');
    assert.equal(parsed(buf).body.buffer, buf.buffer);
  });
});

describe('parseSip rejections', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'latin1');
  const cases: Array<[string, Buffer, string, Partial<SipParseOptions>?]> = [
    ['empty payload', b(''), 'not-sip'],
    ['only keep-alives', b('\r\n\r\n'), 'not-sip'],
    ['HTTP request', b('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 'not-sip'],
    ['RTP-like binary', Buffer.from([0x80, 0x08, 0x12, 0x34, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef]), 'not-sip'],
    ['endless first line', b('A'.repeat(20000)), 'not-sip'],
    ['wrong SIP version', b('INVITE sip:b@h SIP/3.0\r\nCall-ID: a\r\n\r\n'), 'bad-start-line'],
    ['status code out of range', b('SIP/2.0 999 Nope\r\nCall-ID: a\r\n\r\n'), 'bad-start-line'],
    ['method not a token', b('IN(VITE sip:b@h SIP/2.0\r\nCall-ID: a\r\n\r\n'), 'bad-start-line'],
    ['Request-URI without scheme', b('INVITE bob SIP/2.0\r\nCall-ID: a\r\n\r\n'), 'bad-start-line'],
    ['header without colon', b('INVITE sip:b@h SIP/2.0\r\nCall-ID: a\r\nGarbage\r\n\r\n'), 'bad-header'],
    ['header name with space', b('INVITE sip:b@h SIP/2.0\r\nCall ID: a\r\n\r\n'), 'bad-header'],
    ['continuation as first header', b('INVITE sip:b@h SIP/2.0\r\n folded: a\r\nCall-ID: a\r\n\r\n'), 'bad-header'],
    ['over-long header line', b(`INVITE sip:b@h SIP/2.0\r\nCall-ID: ${'a'.repeat(300)}\r\n\r\n`), 'bad-header', { maxLineBytes: 200 }],
    ['300 headers', b(`INVITE sip:b@h SIP/2.0\r\n${'X-A: 1\r\n'.repeat(300)}Call-ID: a\r\n\r\n`), 'too-many-headers'],
    ['no Call-ID', b('INVITE sip:b@h SIP/2.0\r\nFrom: <sip:a@h>\r\n\r\n'), 'no-call-id'],
    ['empty Call-ID', b('INVITE sip:b@h SIP/2.0\r\nCall-ID:   \r\n\r\n'), 'no-call-id'],
    ['start line only', b('SIP/2.0 200 OK\r\n\r\n'), 'no-call-id'],
    ['over 64 KiB', b(`MESSAGE sip:b@h SIP/2.0\r\nCall-ID: a\r\n\r\n${'x'.repeat(65536)}`), 'too-large'],
    ['over a configured maxBytes', b('MESSAGE sip:b@h SIP/2.0\r\nCall-ID: a\r\n\r\nxxxx'), 'too-large', { maxBytes: 40 }],
    ['short body when asked to reject', b('MESSAGE sip:b@h SIP/2.0\r\nCall-ID: a\r\nl: 10\r\n\r\nxx'), 'truncated-body', { rejectTruncated: true }],
    ['missing empty line when asked to reject', b('MESSAGE sip:b@h SIP/2.0\r\nCall-ID: a\r\n'), 'truncated-body', { rejectTruncated: true }],
  ];
  for (const [what, buf, reason, extra] of cases) {
    it(`${what} -> ${reason}`, () => {
      const r = parseSip(buf, { ...opts, ...extra });
      assert.equal(r.ok, false);
      assert.equal(r.reason, reason, r.detail);
      assert.ok(r.detail.length > 0 && r.detail.length < 200, r.detail);
    });
  }
});
