import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasScheme, parseNameAddr, parseUri } from './uri.js';

describe('parseNameAddr', () => {
  const cases: Array<[string, { display: string; uri: string; params: string }]> = [
    ['<sip:a@b;transport=tcp>;tag=x', { display: '', uri: 'sip:a@b;transport=tcp', params: ';tag=x' }],
    ['"Alice Smith" <sip:alice@h>;tag=1', { display: 'Alice Smith', uri: 'sip:alice@h', params: ';tag=1' }],
    ['Alice  Smith <sip:alice@h>', { display: 'Alice  Smith', uri: 'sip:alice@h', params: '' }],
    ['"Eve \\"T\\" <QA>" <sips:eve@h:5061>;tag=e1', { display: 'Eve "T" <QA>', uri: 'sips:eve@h:5061', params: ';tag=e1' }],
    ['"Doe, John" <sip:j@h>;tag=a, <sip:k@h>;tag=b', { display: 'Doe, John', uri: 'sip:j@h', params: ';tag=a' }],
    ['sip:alice@h;tag=88', { display: '', uri: 'sip:alice@h', params: ';tag=88' }],
    ['sip:+49301;npdi@h;tag=88', { display: '', uri: 'sip:+49301;npdi@h', params: ';tag=88' }],
    ['sip:a@h, <sip:b@h>', { display: '', uri: 'sip:a@h', params: '' }],
    ['tel:+4989;tag=t', { display: '', uri: 'tel:+4989', params: ';tag=t' }],
    ['*', { display: '', uri: '*', params: '' }],
    ['  <sip:a@[2001:db8::1]:5060>;expires=0', { display: '', uri: 'sip:a@[2001:db8::1]:5060', params: ';expires=0' }],
    ['<sip:a@h>;+sip.instance="<urn:uuid:1,2>";reg-id=1, <sip:b@h>', { display: '', uri: 'sip:a@h', params: ';+sip.instance="<urn:uuid:1,2>";reg-id=1' }],
    ['<sip:unclosed@h', { display: '', uri: 'sip:unclosed@h', params: '' }],
    ['"unterminated <sip:x@h>', { display: 'unterminated <sip:x@h>', uri: '', params: '' }],
    ['', { display: '', uri: '', params: '' }],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseNameAddr(input), want));
  }
});

describe('parseUri', () => {
  const cases: Array<[string, [string, string, string, string]]> = [
    ['sip:+4930123456@pbx.example.com', ['sip', '+4930123456', 'pbx.example.com', '']],
    ['sip:bob@192.0.2.1:5062;transport=tcp', ['sip', 'bob', '192.0.2.1', '5062']],
    ['sips:bob:secret@example.com', ['sips', 'bob', 'example.com', '']],
    ['SIP:Bob@Example.COM', ['sip', 'Bob', 'Example.COM', '']],
    ['sip:+4989654321;npdi;rn=+49D123@core.example.net;user=phone', ['sip', '+4989654321', 'core.example.net', '']],
    ['sip:bob@[2001:db8::20]:5060', ['sip', 'bob', '2001:db8::20', '5060']],
    ['sip:[::1]', ['sip', '', '::1', '']],
    ['sip:[2001:db8::1', ['sip', '', '2001:db8::1', '']],
    ['sip:registrar.example.com', ['sip', '', 'registrar.example.com', '']],
    ['sip:core.example.net:5060', ['sip', '', 'core.example.net', '5060']],
    ['sip:a@h?Subject=x', ['sip', 'a', 'h', '']],
    ['tel:+4989654321;phone-context=+49', ['tel', '+4989654321', '', '']],
    ['TEL:+1-201-555-0123', ['tel', '+1-201-555-0123', '', '']],
    ['urn:service:sos', ['urn', '', '', '']],
    ['im:alice@example.com', ['im', 'alice', 'example.com', '']],
    ['*', ['', '', '', '']],
    ['', ['', '', '', '']],
    ['no-scheme@host', ['', '', '', '']],
  ];
  for (const [input, [scheme, user, host, port]] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseUri(input), { scheme, user, host, port }));
  }
});

describe('hasScheme', () => {
  it('accepts schemes and rejects the rest', () => {
    for (const s of ['sip:a', 'sips:a', 'tel:+1', 'urn:x', 'x-y.z+w:']) assert.equal(hasScheme(s), true, s);
    for (const s of ['', ':a', '1sip:a', 'sip', 'si p:a', '*']) assert.equal(hasScheme(s), false, s);
  });
});
