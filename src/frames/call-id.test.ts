// sipCallId agrees with parseSip on the fixture corpus and on hostile input it never throws.
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseSip } from '../sip/index.js';
import { sipCallId } from './call-id.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
const corpus = readdirSync(dir).filter((f) => f.endsWith('.sip')).sort().map((n) => ({ n, buf: readFileSync(join(dir, n)) }));
const opts = { correlationHeaders: [], extraHeaders: [] };

describe('sipCallId', () => {
  test('finds the Call-ID parseSip finds, in every fixture (compact "i:" too)', () => {
    assert.ok(corpus.length > 10);
    for (const { n, buf } of corpus) {
      const full = parseSip(buf, opts);
      assert.ok(full.ok, n);
      assert.deepEqual(sipCallId(buf), { ok: true, value: full.value.callId }, n);
    }
  });

  test('leading keep-alive line ends are skipped; the body is never read', () => {
    const msg = Buffer.from('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nCall-ID: abc@h\r\nContent-Length: 5\r\n\r\nCall-ID: not-this');
    assert.deepEqual(sipCallId(msg), { ok: true, value: 'abc@h' });
  });

  test('rejections carry the parser reason codes', () => {
    assert.equal(sipCallId(Buffer.alloc(0)).ok, false);
    const cases: [string, string][] = [
      ['\r\n\r\n', 'not-sip'],
      ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'not-sip'],
      ['\x80\x00RTP-ish bytes without a line end', 'not-sip'],
      ['INVITE sip:a@b SIP/2.0\r\nFrom: <sip:x@y>\r\n\r\n', 'no-call-id'],
      ['SIP/2.0 200 OK\r\nCall-ID:   \r\n\r\n', 'no-call-id'],
      ['SIP/2.0 2000 OK\r\nCall-ID: x\r\n\r\n', 'bad-start-line'],
    ];
    for (const [text, reason] of cases) {
      const r = sipCallId(Buffer.from(text, 'latin1'));
      assert.equal(r.ok ? 'ok' : r.reason, reason, JSON.stringify(text));
    }
  });

  test('never throws, and agrees with parseSip whenever parseSip finds a Call-ID', () => {
    const piece = fc.constantFrom('INVITE sip:a@b SIP/2.0', 'SIP/2.0 180 Ringing', '\r\n', '\n', 'Call-ID: ', 'i: ', 'x@y', ' ', ':', 'Via: SIP/2.0/UDP h', '\t', 'Content-Length: 3');
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), fc.array(piece, { maxLength: 30 }).map((p) => Buffer.from(p.join(''), 'latin1'))), (buf) => {
        const mine = sipCallId(buf);
        const full = parseSip(buf, opts);
        if (full.ok && mine.ok) assert.equal(mine.value, full.value.callId);
        if (full.ok && isAscii(buf)) assert.ok(mine.ok, 'an ASCII message parseSip accepts has a Call-ID');
      }),
      { numRuns: 2000 },
    );
  });
});
