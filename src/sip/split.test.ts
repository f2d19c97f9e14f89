import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findHeaderEnd, messageEnd, splitSipMessages } from './split.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
const names = readdirSync(dir).filter((f) => f.endsWith('.sip')).sort();
const fixture = (name: string): Buffer => readFileSync(join(dir, name));
const corpus = names.map(fixture);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('findHeaderEnd', () => {
  it('finds CRLF CRLF, bare LF LF and mixed ends, whichever comes first', () => {
    const end = (s: string): string => s.slice(findHeaderEnd(b(s), 0));
    assert.equal(end('A\r\nB: 1\r\n\r\nxx'), 'xx');
    assert.equal(end('A\nB: 1\n\nxx'), 'xx');
    assert.equal(end('A\r\nB: 1\n\r\nxx'), 'xx');
    assert.equal(end('A\nB: 1\n\nbody\r\n\r\n'), 'body\r\n\r\n');
    assert.equal(end('A\r\n\r\nB\n\n'), 'B\n\n');
    assert.equal(findHeaderEnd(b('A\r\nB: 1\r\n'), 0), -1);
    assert.equal(findHeaderEnd(b(''), 0), -1);
  });
});

describe('messageEnd', () => {
  const end = (s: string): number => messageEnd(s, 0);
  it('adds Content-Length and l in any case and spacing to the header end', () => {
    const cases: Array<[string, number]> = [
      ['INVITE x SIP/2.0\r\nContent-Length: 12\r\n\r\n', 12],
      ['INVITE x SIP/2.0\r\nCONTENT-LENGTH\t:\t 7 \r\n\r\n', 7],
      ['INVITE x SIP/2.0\r\nl: 3\r\n\r\n', 3],
      ['INVITE x SIP/2.0\nL:0\n\n', 0],
      ['INVITE x SIP/2.0\r\nl: 3\r\nContent-Length: 9\r\n\r\n', 3],
    ];
    for (const [head, body] of cases) assert.equal(end(head + 'b'.repeat(body)), head.length + body, JSON.stringify(head));
  });
  it('counts no body when Content-Length is absent or not a number, and ignores look-alikes', () => {
    for (const s of [
      'INVITE x SIP/2.0\r\nContent-Type: a\r\n\r\n',
      'INVITE x SIP/2.0\r\nContent-Length: x1\r\n\r\n',
      'INVITE x SIP/2.0\r\nContent-Length: 1 2\r\n\r\n',
      'INVITE x SIP/2.0\r\nContent-Length: 1234567890\r\n\r\n',
      'INVITE x SIP/2.0\r\nLink: 5\r\nContent-Lengthy: 5\r\nContent-Lengt: 5\r\n\r\n',
      'l: 5 is the start line\r\n\r\n',
    ]) {
      assert.equal(end(s), s.length, JSON.stringify(s));
    }
  });
  it('is -1 while the header end is missing', () => {
    assert.equal(end('INVITE x SIP/2.0\r\nl: 3\r\n'), -1);
    assert.equal(end('INVITE x SIP/2.0\r\nl: 3\r\n\r'), -1);
    assert.equal(end(''), -1);
  });
});

describe('splitSipMessages', () => {
  it('splits every fixture back to back, with CRLF keep-alives between them', () => {
    const parts = corpus.flatMap((m, i) => (i % 3 === 0 ? [b('\r\n\r\n'), m] : i % 3 === 1 ? [b('\r\n'), m] : [m]));
    const { messages, rest } = splitSipMessages(Buffer.concat(parts));
    assert.equal(messages.length, corpus.length);
    messages.forEach((m, i) => assert.ok(m.equals(corpus[i] as Buffer), names[i]));
    assert.equal(rest.length, 0);
  });

  it('returns an incomplete tail as rest, whether cut in the headers or in the body', () => {
    const invite = fixture('invite-sdp.sip');
    const ok = fixture('200-ok-sdp.sip');
    const hdrEnd = findHeaderEnd(ok, 0);
    for (const cut of [1, 20, hdrEnd - 2, hdrEnd, hdrEnd + 10, ok.length - 1]) {
      const { messages, rest } = splitSipMessages(Buffer.concat([invite, ok.subarray(0, cut)]));
      assert.equal(messages.length, 1, `cut ${cut}`);
      assert.ok(messages[0]?.equals(invite));
      assert.ok(rest.equals(ok.subarray(0, cut)), `cut ${cut}`);
    }
  });

  it('treats a missing Content-Length as no body on a stream, and honours compact l', () => {
    const noCl = b('OPTIONS sip:h SIP/2.0\r\nCall-ID: 1\r\n\r\n');
    const compact = b('MESSAGE sip:h SIP/2.0\r\ni: 2\r\nl: 5\r\n\r\nhello');
    const { messages, rest } = splitSipMessages(Buffer.concat([noCl, compact, noCl]));
    assert.deepEqual(messages.map((m) => m.toString('latin1')), [noCl, compact, noCl].map((m) => m.toString('latin1')));
    assert.equal(rest.length, 0);
  });

  it('splits messages with bare LF line ends', () => {
    const lf = b('BYE sip:h SIP/2.0\nCall-ID: 3\nContent-Length: 2\n\nok');
    const { messages } = splitSipMessages(Buffer.concat([lf, lf]));
    assert.equal(messages.length, 2);
    assert.equal(messages[1]?.toString('latin1'), lf.toString('latin1'));
  });

  it('handles empty input and keep-alives only', () => {
    for (const s of ['', '\r\n', '\r\n\r\n', '\n\n\n']) {
      const { messages, rest } = splitSipMessages(b(s));
      assert.equal(messages.length, 0);
      assert.equal(rest.length, 0);
    }
  });

  it('returns views into the input, not copies', () => {
    const buf = Buffer.concat([fixture('bye.sip'), fixture('ack.sip')]);
    const { messages } = splitSipMessages(buf);
    assert.equal(messages[1]?.buffer, buf.buffer);
  });

  it('never throws and always accounts for every byte (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const { messages, rest } = splitSipMessages(buf);
        const used = messages.reduce((n, m) => n + m.length, 0) + rest.length;
        assert.ok(used <= buf.length);
        if (rest.length > 0) assert.ok(rest.equals(buf.subarray(buf.length - rest.length)));
      }),
      { numRuns: 500 },
    );
  });

  it('reassembles any chunking of a stream of fixtures (property)', () => {
    const arb = fc.record({
      picks: fc.array(fc.nat(corpus.length - 1), { minLength: 1, maxLength: 12 }),
      cuts: fc.array(fc.nat(), { maxLength: 20 }),
      keepAlive: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ picks, cuts, keepAlive }) => {
        const msgs = picks.map((i) => corpus[i] as Buffer);
        const stream = Buffer.concat(msgs.flatMap((m) => (keepAlive ? [b('\r\n\r\n'), m] : [m])));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
        const out: Buffer[] = [];
        let pending: Buffer = Buffer.alloc(0);
        let from = 0;
        for (const to of [...points, stream.length]) {
          const { messages, rest } = splitSipMessages(Buffer.concat([pending, stream.subarray(from, to)]));
          out.push(...messages);
          pending = Buffer.from(rest);
          from = to;
        }
        assert.equal(pending.length, 0);
        assert.equal(out.length, msgs.length);
        out.forEach((m, i) => assert.ok(m.equals(msgs[i] as Buffer)));
      }),
      { numRuns: 300 },
    );
  });

  it('on a prefix of a stream yields exactly the complete messages (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(corpus.length - 1), { minLength: 1, maxLength: 6 }), fc.nat(), (picks, c) => {
        const msgs = picks.map((i) => corpus[i] as Buffer);
        const stream = Buffer.concat(msgs);
        const cut = c % (stream.length + 1);
        const { messages, rest } = splitSipMessages(stream.subarray(0, cut));
        let end = 0;
        let complete = 0;
        while (complete < msgs.length && end + (msgs[complete] as Buffer).length <= cut) end += (msgs[complete++] as Buffer).length;
        assert.equal(messages.length, complete);
        assert.equal(rest.length, cut - end);
      }),
      { numRuns: 300 },
    );
  });
});
