import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStartLine } from './start-line.js';

describe('parseStartLine', () => {
  it('parses request lines', () => {
    assert.deepEqual(parseStartLine('INVITE sip:bob@h SIP/2.0'), {
      ok: true,
      value: { isRequest: true, method: 'INVITE', requestUri: 'sip:bob@h', statusCode: 0, reasonPhrase: '' },
    });
    const odd = parseStartLine('X-CUSTOM.1!  tel:+4989\tsip/2.0 ');
    assert.ok(odd.ok);
    assert.equal(odd.value.method, 'X-CUSTOM.1!');
    assert.equal(odd.value.requestUri, 'tel:+4989');
  });
  it('parses status lines, reason phrase may be empty or contain spaces', () => {
    const r = parseStartLine('SIP/2.0 183 Session Progress');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { isRequest: false, method: '', requestUri: '', statusCode: 183, reasonPhrase: 'Session Progress' });
    const empty = parseStartLine('SIP/2.0 200');
    assert.ok(empty.ok);
    assert.equal(empty.value.reasonPhrase, '');
    const utf = parseStartLine('SIP/2.0 486 Besetzt – später');
    assert.ok(utf.ok);
    assert.equal(utf.value.reasonPhrase, 'Besetzt – später');
  });
  const rejects: Array<[string, string]> = [
    ['', 'not-sip'],
    ['GET / HTTP/1.1', 'not-sip'],
    ['HTTP/1.1 200 OK', 'not-sip'],
    ['\x80\x00\x12garbage', 'not-sip'],
    ['INVITE sip:bob@h SIP/3.0', 'bad-start-line'],
    ['INVITE sip:bob@h SIP/2.0 extra', 'bad-start-line'],
    ['INVITE  SIP/2.0', 'bad-start-line'],
    ['INV ITE sip:b@h SIP/2.0', 'bad-start-line'],
    ['INV@TE sip:b@h SIP/2.0', 'bad-start-line'],
    ['INVITE bob SIP/2.0', 'bad-start-line'],
    [' INVITE sip:b@h SIP/2.0', 'bad-start-line'],
    ['SIP/2.0 99 Low', 'bad-start-line'],
    ['SIP/2.0 700 High', 'bad-start-line'],
    ['SIP/2.0 2000 OK', 'bad-start-line'],
    ['SIP/2.0 abc OK', 'bad-start-line'],
    ['SIP/2.0200 OK', 'bad-start-line'],
    ['SIP/1.0 200 OK', 'bad-start-line'],
  ];
  for (const [line, reason] of rejects) {
    it(`rejects ${JSON.stringify(line)} as ${reason}`, () => {
      const r = parseStartLine(line);
      assert.equal(r.ok, false);
      assert.equal(r.reason, reason);
    });
  }
});
