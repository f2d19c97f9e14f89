import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { H, headerIdAt } from './header-names.js';
import { scanHeaders, type HeaderWish } from './headers.js';

const limits = { maxHeaders: 256, maxLineBytes: 16384 };
const lines = (...l: string[]): string => l.join('\r\n') + '\r\n\r\n';

describe('headerIdAt', () => {
  it('matches any case and compact forms', () => {
    const at = (name: string): number => headerIdAt(name, 0, name.length);
    assert.equal(at('Call-ID'), H.CallId);
    assert.equal(at('call-id'), H.CallId);
    assert.equal(at('CALL-ID'), H.CallId);
    assert.equal(at('i'), H.CallId);
    assert.equal(at('I'), H.CallId);
    assert.equal(at('v'), H.Via);
    assert.equal(at('m'), H.Contact);
    assert.equal(at('l'), H.ContentLength);
    assert.equal(at('c'), H.ContentType);
    assert.equal(at('P-ASSERTED-identity'), H.PAssertedIdentity);
    assert.equal(at('Call_ID'), H.Other);
    assert.equal(at('Call\rID'), H.Other);
    assert.equal(at('k'), H.Other);
    assert.equal(at('X-CID'), H.Other);
    assert.equal(at('\u00e9'), H.Other);
  });
});

describe('scanHeaders', () => {
  it('keeps the first value of each header, trimmed, and counts fields', () => {
    const r = scanHeaders(lines('Call-ID:  a@b \t', 'call-id: second', 'To:<sip:x@y>', 'X-Other: 1'), 0, limits, []);
    assert.ok(r.ok);
    assert.equal(r.value.values[H.CallId], 'a@b');
    assert.equal(r.value.values[H.To], '<sip:x@y>');
    assert.equal(r.value.count, 4);
  });

  it('reports where the header section ends (CRLF, bare LF, or none)', () => {
    const crlf = 'A: 1\r\nB: 2\r\n\r\nbody';
    const r1 = scanHeaders(crlf, 0, limits, []);
    assert.ok(r1.ok);
    assert.equal(crlf.slice(r1.value.end), 'body');
    const lf = 'A: 1\nB: 2\n\nbody';
    const r2 = scanHeaders(lf, 0, limits, []);
    assert.ok(r2.ok);
    assert.equal(lf.slice(r2.value.end), 'body');
    const r3 = scanHeaders('A: 1\r\nB: 2\r\n', 0, limits, []);
    assert.ok(r3.ok);
    assert.equal(r3.value.end, -1);
  });

  it('unfolds continuation lines starting with SP or HTAB', () => {
    const r = scanHeaders(lines('Subject: one,', '   two', '\tthree', 'Via: SIP/2.0/UDP h', ' ;branch=b'), 0, limits, [
      { lower: 'subject', correlationKey: '', extra: true },
    ]);
    assert.ok(r.ok);
    assert.equal(r.value.extra['subject'], 'one, two three');
    assert.equal(r.value.values[H.Via], 'SIP/2.0/UDP h ;branch=b');
    assert.equal(r.value.count, 2);
  });

  it('tolerates whitespace around the colon and empty values', () => {
    const r = scanHeaders(lines('Call-ID \t :\t x', 'Reason:', 'Max-Forwards:70'), 0, limits, []);
    assert.ok(r.ok);
    assert.equal(r.value.values[H.CallId], 'x');
    assert.equal(r.value.values[H.Reason], '');
    assert.equal(r.value.values[H.MaxForwards], '70');
  });

  it('fills correlation (first value, configured name) and extra (all values, lower-case)', () => {
    const wishes: HeaderWish[] = [
      { lower: 'x-cid', correlationKey: 'X-CID', extra: false },
      { lower: 'subject', correlationKey: '', extra: true },
      { lower: 'call-id', correlationKey: 'Call-ID', extra: true },
    ];
    const r = scanHeaders(lines('x-cid: one', 'X-CID: two', 's: compact', 'SUBJECT: long', 'i: c@h'), 0, limits, wishes);
    assert.ok(r.ok);
    assert.deepEqual(r.value.correlation, { 'X-CID': 'one', 'Call-ID': 'c@h' });
    assert.deepEqual(r.value.extra, { subject: 'compact, long', 'call-id': 'c@h' });
    assert.equal(r.value.values[H.CallId], 'c@h');
  });

  it('rejects malformed lines as bad-header', () => {
    for (const text of [
      lines('Call-ID: a', 'no colon here'),
      lines('Call ID: a'),
      lines(': empty name'),
      lines(' leading: space'),
      lines('Na\u0000me: x'),
      lines('N\u00e4me: x'),
    ]) {
      const r = scanHeaders(text, 0, limits, []);
      assert.equal(r.ok, false, JSON.stringify(text));
      assert.equal(r.reason, 'bad-header');
    }
  });

  it('caps the number of fields and the length of a field', () => {
    const many = lines(...Array.from({ length: 257 }, (_, i) => `X-${i}: v`));
    const r1 = scanHeaders(many, 0, limits, []);
    assert.equal(r1.ok, false);
    assert.equal(r1.reason, 'too-many-headers');
    assert.ok(scanHeaders(many, 0, { maxHeaders: 300, maxLineBytes: 100 }, []).ok);
    const long = lines('Call-ID: ' + 'x'.repeat(200));
    const r2 = scanHeaders(long, 0, { maxHeaders: 10, maxLineBytes: 100 }, []);
    assert.equal(r2.ok, false);
    assert.equal(r2.reason, 'bad-header');
    const folded = lines('Subject: a', ...Array.from({ length: 20 }, () => ' ' + 'y'.repeat(9)));
    assert.equal(scanHeaders(folded, 0, { maxHeaders: 10, maxLineBytes: 100 }, []).ok, false);
  });
});
