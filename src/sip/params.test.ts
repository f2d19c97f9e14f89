import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authParam, firstListElement, paramValue, paramsStart, unquote } from './params.js';

describe('firstListElement', () => {
  const cases: Array<[string, string]> = [
    ['SIP/2.0/UDP a;branch=1, SIP/2.0/UDP b;branch=2', 'SIP/2.0/UDP a;branch=1'],
    ['SIP/2.0/UDP a;branch=1', 'SIP/2.0/UDP a;branch=1'],
    ['"A, B" <sip:a@h>, <sip:b@h>', '"A, B" <sip:a@h>'],
    ['<sip:a@h;x=1,2>;p=1, <sip:b@h>', '<sip:a@h;x=1,2>;p=1'],
    ['"a \\" , b" <sip:x@h>', '"a \\" , b" <sip:x@h>'],
    [', x', ''],
    ['', ''],
  ];
  for (const [input, want] of cases) it(JSON.stringify(input), () => assert.equal(firstListElement(input), want));
});

describe('paramValue', () => {
  it('finds header params case-insensitively, unquotes values', () => {
    assert.equal(paramValue(';tag=abc;lr', 0, 'tag'), 'abc');
    assert.equal(paramValue(';TAG = abc ;lr', 0, 'tag'), 'abc');
    assert.equal(paramValue(';lr;tag=abc', 0, 'lr'), '');
    assert.equal(paramValue(';x=1', 0, 'tag'), undefined);
    assert.equal(paramValue('icid-value="12;34";orig-ioi=a', 0, 'icid-value'), '12;34');
    assert.equal(paramValue('icid-value="12;34";orig-ioi=a', 0, 'orig-ioi'), 'a');
    assert.equal(paramValue(';text="a;tag=no";tag=yes', 0, 'tag'), 'yes');
    assert.equal(paramValue(';mytag=1;tag=2', 0, 'tag'), '2');
    assert.equal(paramValue('', 0, 'tag'), undefined);
    assert.equal(paramValue(';;=;tag', 0, 'tag'), '');
  });
});

describe('authParam', () => {
  it('reads username from digest credentials', () => {
    assert.equal(authParam('Digest username="bob", realm="x"', 'username'), 'bob');
    assert.equal(authParam('Digest realm="a,b", USERNAME = "bo\\"b" ,nonce=1', 'username'), 'bo"b');
    assert.equal(authParam('Digest cnonce="x", username=tok', 'username'), 'tok');
    assert.equal(authParam('Digest realm="username=evil"', 'username'), undefined);
    assert.equal(authParam('Bearer abc.def', 'username'), undefined);
    assert.equal(authParam('', 'username'), undefined);
  });
});

describe('unquote and paramsStart', () => {
  it('unquotes and escapes', () => {
    assert.equal(unquote('"a\\"b\\\\c"'), 'a"b\\c');
    assert.equal(unquote('"open'), 'open');
    assert.equal(unquote('token'), 'token');
  });
  it('finds the first ; outside quotes', () => {
    assert.equal(paramsStart('a;b', 0), 1);
    assert.equal(paramsStart('"x;y";z', 0), 5);
    assert.equal(paramsStart('abc', 0), -1);
  });
});
