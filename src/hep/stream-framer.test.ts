import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeHep } from './decode-hep.js';
import { HepStreamFramer } from './stream-framer.js';
import { chunk, hep3, message, SPEC_EXAMPLE_HEX } from './test-bytes.js';

const SPEC = Buffer.from(SPEC_EXAMPLE_HEX, 'hex');

describe('HepStreamFramer', () => {
  it('returns a whole message pushed at once', () => {
    assert.deepEqual(new HepStreamFramer().push(SPEC), { messages: [SPEC] });
  });
  it('splits several messages in one push', () => {
    const m2 = message();
    assert.deepEqual(new HepStreamFramer().push(Buffer.concat([SPEC, m2, SPEC])), { messages: [SPEC, m2, SPEC] });
  });
  it('buffers a message delivered one byte at a time', () => {
    const f = new HepStreamFramer();
    for (let i = 0; i < SPEC.length - 1; i++) {
      assert.deepEqual(f.push(SPEC.subarray(i, i + 1)), { messages: [] });
      assert.equal(f.buffered, i + 1);
    }
    assert.deepEqual(f.push(SPEC.subarray(-1)), { messages: [SPEC] });
    assert.equal(f.buffered, 0);
  });
  it('accepts empty pushes', () => {
    assert.deepEqual(new HepStreamFramer().push(Buffer.alloc(0)), { messages: [] });
  });
  it('frames a minimal 6-byte message (the decoder, not the framer, rejects it)', () => {
    const empty = hep3([]);
    assert.deepEqual(new HepStreamFramer().push(empty), { messages: [empty] });
  });
  it('reports bad magic as soon as the first bytes differ', () => {
    const r = new HepStreamFramer().push(Buffer.from('HX'));
    assert.deepEqual(r.messages, []);
    assert.equal(r.error?.reason, 'bad-magic');
    assert.match(r.error.detail, /bytes 48 58 at stream offset 0/);
  });
  it('returns the messages before garbage, then the error, and stays failed', () => {
    const f = new HepStreamFramer();
    const r = f.push(Buffer.concat([SPEC, Buffer.from('INVITE sip:x SIP/2.0\r\n')]));
    assert.deepEqual(r.messages, [SPEC]);
    assert.equal(r.error?.reason, 'bad-magic');
    assert.match(r.error.detail, /stream offset 113/);
    assert.deepEqual(f.push(SPEC), { messages: [], error: r.error });
    assert.equal(f.buffered, 0);
  });
  it('reports a total length below 6', () => {
    const r = new HepStreamFramer().push(hep3([], 5));
    assert.deepEqual(r, { messages: [], error: { reason: 'bad-length', detail: 'total length 5 at stream offset 0, expected 6..65535' } });
  });
  it('reports a total length above a configured maximum (heplify-server: 65507)', () => {
    const r = new HepStreamFramer(65507).push(hep3([], 65508));
    assert.equal(r.error?.reason, 'bad-length');
  });
  it('never holds more than one partial message', () => {
    const f = new HepStreamFramer();
    const huge = hep3([chunk(0x000f, Buffer.alloc(65523))]);
    assert.equal(huge.length, 65535);
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(f.push(huge.subarray(0, 40000)).messages, []);
      assert.deepEqual(f.push(huge.subarray(40000)).messages, [huge]);
    }
    f.push(huge.subarray(0, 65534));
    assert.equal(f.buffered, 65534);
  });

  it('yields exactly the pushed messages for any split points', () => {
    const messageArb = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(0xffff)).map(([body, port]) =>
      hep3([chunk(0x0007, Buffer.from([port >> 8, port & 0xff])), chunk(0x000f, Buffer.from(body))]),
    );
    fc.assert(
      fc.property(fc.array(messageArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (msgs, cuts) => {
        const stream = Buffer.concat(msgs);
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const f = new HepStreamFramer();
        const got: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          const r = f.push(stream.subarray(prev, p));
          assert.equal(r.error, undefined);
          got.push(...r.messages);
          prev = p;
        }
        assert.deepEqual(got, msgs);
        assert.equal(f.buffered, 0);
      }),
    );
  });
  it('reports an error for garbage that does not start with "HEP3"', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (bytes) => {
        const buf = Buffer.from(bytes);
        fc.pre(!Buffer.from('HEP3').subarray(0, Math.min(4, buf.length)).equals(buf.subarray(0, 4)));
        const r = new HepStreamFramer().push(buf);
        assert.deepEqual([r.messages, r.error?.reason], [[], 'bad-magic']);
      }),
    );
  });
  it('frames real messages that decode', () => {
    const r = new HepStreamFramer().push(Buffer.concat([SPEC, message()]));
    assert.deepEqual(r.messages.map((m) => decodeHep(m).ok), [true, true]);
  });
});
