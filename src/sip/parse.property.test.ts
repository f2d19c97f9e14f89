// Property tests: parseSip never throws on hostile input, and header spelling does not
// change what is extracted.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COMPACT_NAMES } from './header-names.js';
import { parseSip } from './parse.js';
import { findHeaderEnd } from './split.js';
import type { SipParseOptions } from './types.js';

const dir = join(import.meta.dirname, '../../test/fixtures/sip');
const names = readdirSync(dir).filter((f) => f.endsWith('.sip')).sort();
const corpus = names.map((n) => readFileSync(join(dir, n)));
const opts: SipParseOptions = { correlationHeaders: ['X-CID', 'Session-ID'], extraHeaders: ['Subject', 'Event', 'Via', 'k'] };
const pickFixture = fc.nat(corpus.length - 1).map((i) => corpus[i] as Buffer);

// Checks the invariants of any result: no throw, a known reason, a body inside the input.
function check(buf: Buffer, o: SipParseOptions = opts): void {
  const r = parseSip(buf, o);
  if (!r.ok) {
    assert.ok(['not-sip', 'bad-start-line', 'bad-header', 'too-many-headers', 'no-call-id', 'too-large', 'truncated-body'].includes(r.reason));
    assert.equal(typeof r.detail, 'string');
    return;
  }
  assert.ok(r.value.callId.length > 0);
  assert.ok(r.value.body.length <= buf.length);
  assert.ok(r.value.headerCount >= 1);
}

describe('parseSip properties: never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 1000 });
  });

  it('on SIP-shaped noise', () => {
    const piece = fc.constantFrom(
      'INVITE ', 'SIP/2.0 ', 'SIP/2.0', ' 200 OK', 'sip:', 'sips:', 'tel:', '\r\n', '\n', '\r\n\r\n', ': ', ':', ';', ',', '"',
      '\\', '<', '>', ' ', '\t', '@', '[', ']', '=', 'Call-ID', 'i', 'From', 'f', 'To', 'Via', 'v', 'Contact', 'm', '*',
      'tag=', 'branch=', 'CSeq', 'l', 'Content-Length', '12', '0', 'Authorization', 'Digest username=', 'X-CID', '\u0000',
      '\u00ff', 'ü', 'P-Asserted-Identity', 'Diversion', 'Session-ID', 'P-Charging-Vector', 'icid-value=', '2001:db8::1',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), (parts) => check(Buffer.from(parts.join(''), 'utf8'))),
      { numRuns: 2000 },
    );
  });

  it('on mutated fixtures', () => {
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'insert', 'delete'), byte: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(pickFixture, fc.array(edit, { minLength: 1, maxLength: 10 }), (buf, edits) => {
        const bytes = [...buf];
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte;
          else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
          else bytes.splice(at, 1);
        }
        check(Buffer.from(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('on mutated large messages (header section decoded apart from the body)', () => {
    fc.assert(
      fc.property(pickFixture, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }), (buf, at, junk) => {
        const big = Buffer.concat([buf, Buffer.alloc(9000, 0x61)]);
        const pos = at % big.length;
        check(Buffer.concat([big.subarray(0, pos), junk, big.subarray(pos)]));
      }),
      { numRuns: 300 },
    );
  });

  it('on every prefix of a valid message, and a prefix holding all headers parses the same', () => {
    for (const [i, buf] of corpus.entries()) {
      const whole = parseSip(buf, opts);
      if (!whole.ok) assert.fail(names[i]);
      const { body: wholeBody, truncated: _unused, ...wholeFields } = whole.value;
      const hdrEnd = findHeaderEnd(buf, 0);
      for (let cut = 0; cut <= buf.length; cut++) {
        const part = buf.subarray(0, cut);
        check(part);
        if (cut < hdrEnd) continue;
        const r = parseSip(part, opts);
        assert.ok(r.ok, `${names[i]} cut at ${cut}`);
        const { body, truncated, ...fields } = r.value;
        assert.deepEqual(fields, wholeFields, `${names[i]} cut at ${cut}`);
        assert.ok(wholeBody.subarray(0, body.length).equals(body));
        assert.equal(truncated, cut < buf.length && (wholeFields.contentLength ?? 0) > body.length);
      }
    }
  });
});

// Full name (lower-case) -> compact letter.
const COMPACT_OF = new Map(Object.entries(COMPACT_NAMES).map(([letter, full]) => [full, letter]));

// Rewrites the header section: each name in a random case or its compact form, random
// whitespace around the colon, and some values folded at a single space.
const respell = fc.record({
  seed: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
});

function rewrite(buf: Buffer, seed: number[]): Buffer {
  let k = 0;
  const rnd = (n: number): number => (seed[k++ % seed.length] ?? 0) % n;
  const hdrEnd = findHeaderEnd(buf, 0);
  const head = buf.toString('utf8', 0, hdrEnd);
  const lines = head.split('\r\n');
  const out: string[] = [lines[0] ?? ''];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      out.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    let name = line.slice(0, colon).trim();
    let value = line.slice(colon + 1).trim();
    const compact = COMPACT_OF.get(name.toLowerCase());
    if (compact !== undefined && rnd(2) === 0) name = compact;
    name = name.split('').map((c) => (rnd(2) === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
    const spaces = ['', ' ', '\t', '  '];
    if (rnd(3) === 0) {
      const singles = [...value.matchAll(/(?<=[^ \t]) (?=[^ \t])/g)].map((m) => m.index);
      const at = singles[rnd(singles.length + 1)];
      if (at !== undefined) value = `${value.slice(0, at)}\r\n${[' ', '\t', '   '][rnd(3)] ?? ' '}${value.slice(at + 1)}`;
    }
    out.push(`${name}${spaces[rnd(4)]}:${spaces[rnd(4)]}${value}`);
  }
  return Buffer.concat([Buffer.from(out.join('\r\n') + '\r\n\r\n', 'utf8'), buf.subarray(hdrEnd)]);
}

describe('parseSip properties: spelling does not matter', () => {
  it('random header case, compact forms, colon spacing and folding give the same fields', () => {
    fc.assert(
      fc.property(pickFixture, respell, (buf, { seed }) => {
        const want = parseSip(buf, opts);
        const got = parseSip(rewrite(buf, seed), opts);
        assert.ok(want.ok && got.ok);
        assert.deepEqual(got.value, want.value);
      }),
      { numRuns: 500 },
    );
  });
});
