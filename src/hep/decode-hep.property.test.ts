// Property tests for the HEP decoder and encoder: totality on arbitrary bytes, rejection of
// truncations, and encode/decode round trips over arbitrary field values.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeHep } from './decode-hep.js';
import { encodeHep } from './encode-hep.js';
import { formatIpv4, formatIpv6 } from '../util/ip-text.js';
import { formatMac } from './mac-text.js';
import type { HepEncodeOptions, HepPacket, HepRawChunk, HepRejectReason } from './types.js';

const REASONS: readonly HepRejectReason[] = [
  'truncated', 'bad-length', 'bad-chunk', 'bad-chunk-size', 'unknown-version', 'bad-family',
  'missing-address', 'no-payload', 'bad-compression', 'too-large', 'auth-failed',
];

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const text = fc.string({ unit: 'binary', maxLength: 24 });
const bytes = (min: number, max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));
const ipv4 = bytes(4, 4).map((b) => formatIpv4(b, 0));
const ipv6 = fc.array(fc.oneof(fc.constant(0), u16), { minLength: 8, maxLength: 8 }).map((groups) => {
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
  return formatIpv6(b, 0);
});
const addresses = fc.oneof(
  fc.record({ family: fc.constant(4 as const), srcIp: ipv4, dstIp: ipv4 }),
  fc.record({ family: fc.constant(6 as const), srcIp: ipv6, dstIp: ipv6 }),
);
const mac = bytes(6, 6).map((b) => formatMac(b, 0));

const extras = fc.record(
  {
    authKey: text, correlationId: text, nodeName: text, keepAliveTimer: u16, vlan: u16, srcMac: mac, dstMac: mac,
    ethernetType: u16, tcpFlags: u8, ipTos: u8, mos: u16, rFactor: u16, geoLocation: text, jitter: u32,
    transactionType: text, payloadJsonKeys: text, tags: text, tagType: u16, eventType: u16, groupId: text,
  },
  { requiredKeys: [] },
);
const rawChunk: fc.Arbitrary<HepRawChunk> = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 0xffff }), u16),
      fc.tuple(fc.constant(0), fc.oneof(fc.integer({ min: 0x19, max: 0x1f }), fc.integer({ min: 0x2a, max: 0xffff }))),
    ),
    bytes(0, 16),
  )
  .map(([[vendor, type], body]) => ({ vendor, type, body }));
const optionalCore = fc.record({ tsSec: u32, tsUsec: fc.integer({ min: 0, max: 999_999 }), captureId: u32 }, { requiredKeys: [] });

/** Arbitrary v3 packets plus the compression to encode them with (consistent with `compressed`). */
const v3Case: fc.Arbitrary<{ p: HepPacket; opts: HepEncodeOptions }> = fc
  .record({
    addrs: addresses, ipProtocol: u8, srcPort: u16, dstPort: u16, protoType: u8, payload: bytes(1, 400),
    compression: fc.constantFrom('none', 'zlib', 'gzip' as const), core: optionalCore, extras, unknownChunks: fc.array(rawChunk, { maxLength: 4 }),
  })
  .map(({ addrs, core, extras: x, compression, ...rest }) => ({
    p: { version: 3 as const, ...addrs, ...rest, ...core, ...x, compressed: compression !== 'none', flags: [] },
    opts: { compression },
  }));

/** Arbitrary v1/v2 packets: only the fields those versions carry. */
const v12Packet: fc.Arbitrary<HepPacket> = fc
  .record({ version: fc.constantFrom(1 as const, 2 as const), addrs: addresses, ipProtocol: u8, srcPort: u16, dstPort: u16, payload: bytes(1, 400), tsSec: u32, tsUsec: fc.integer({ min: 0, max: 999_999 }), captureId: u16 })
  .map(({ version, addrs, tsSec, tsUsec, captureId, ...rest }) => ({
    version, ...addrs, ...rest, protoType: 1, compressed: false, unknownChunks: [], flags: [], ...(version === 2 ? { tsSec, tsUsec, captureId } : {}),
  }));

function encoded(p: HepPacket, opts?: HepEncodeOptions): Buffer {
  const r = encodeHep(p, p.version, opts);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}: ${r.detail}`);
  return r.value;
}

/** Valid messages with random bytes overwritten and random cuts: close to HEP, so deep decoder paths run. */
const mutated = fc
  .tuple(fc.oneof(v3Case.map(({ p, opts }) => encoded(p, opts)), v12Packet.map((p) => encoded(p))), fc.array(fc.tuple(fc.nat(), u8), { maxLength: 6 }), fc.nat())
  .map(([buf, edits, cut]) => {
    const out = Buffer.from(buf);
    for (const [at, value] of edits) out[at % out.length] = value;
    return cut % 4 === 0 ? out.subarray(0, cut % (out.length + 1)) : out;
  });
const anyBytes = fc.oneof(
  bytes(0, 200),
  fc.tuple(u16, bytes(0, 200)).map(([len, rest]) => Buffer.concat([Buffer.from('HEP3'), Buffer.from([len >> 8, len & 0xff]), rest])),
  fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(2, 10), bytes(0, 80)).map(([v, f, rest]) => Buffer.concat([Buffer.from([v, 16, f]), rest])),
  mutated,
);

describe('HEP properties', () => {
  it('decodeHep never throws and always returns a well-formed result', () => {
    fc.assert(
      fc.property(anyBytes, fc.option(text, { nil: undefined }), (buf, authKey) => {
        const r = decodeHep(buf, authKey === undefined ? {} : { authKey });
        if (r.ok) {
          assert.ok(r.value.payload.length > 0 && r.value.payload.length <= 65536);
          assert.ok([1, 2, 3].includes(r.value.version));
        } else {
          assert.ok(REASONS.includes(r.reason), r.reason);
          assert.ok(r.detail.length > 0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects every strict prefix of a valid v3 message as truncated', () => {
    fc.assert(
      fc.property(v3Case, ({ p, opts }) => {
        const buf = encoded(p, opts);
        for (let k = 0; k < buf.length; k++) {
          const r = decodeHep(buf.subarray(0, k));
          assert.equal(r.ok ? 'ok' : r.reason, 'truncated', `prefix ${k} of ${buf.length}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects every v1/v2 truncation below the payload offset as truncated', () => {
    fc.assert(
      fc.property(v12Packet, (p) => {
        const buf = encoded(p);
        const payloadOffset = buf.length - p.payload.length;
        for (let k = 0; k < payloadOffset; k++) {
          const r = decodeHep(buf.subarray(0, k));
          assert.equal(r.ok ? 'ok' : r.reason, 'truncated', `prefix ${k}`);
        }
        assert.equal(decodeHep(buf.subarray(0, payloadOffset + 1)).ok, true);
      }),
    );
  });

  it('round-trips arbitrary v3 packets through encodeHep and decodeHep', () => {
    fc.assert(
      fc.property(v3Case, ({ p, opts }) => {
        assert.deepEqual(decodeHep(encoded(p, opts), p.authKey === undefined ? {} : { authKey: p.authKey }), { ok: true, value: p });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips arbitrary v1/v2 packets through encodeHep and decodeHep', () => {
    fc.assert(fc.property(v12Packet, (p) => assert.deepEqual(decodeHep(encoded(p)), { ok: true, value: p })), { numRuns: 500 });
  });

  it('re-encoding any accepted packet decodes to the same packet, minus flags about the old encoding', () => {
    fc.assert(
      fc.property(mutated, (buf) => {
        const first = decodeHep(buf);
        if (!first.ok) return;
        const again = encodeHep(first.value, first.value.version);
        if (!again.ok) {
          assert.equal(again.reason, 'too-large'); // only if a packed payload inflated past a chunk
          return;
        }
        const flags = first.value.flags.filter((f) => f === 'usec-overflow'); // a property of the value, not the bytes
        assert.deepEqual(decodeHep(again.value), { ok: true, value: { ...first.value, flags } });
      }),
      { numRuns: 2000 },
    );
  });
});
