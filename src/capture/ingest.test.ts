import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { encodeHep, type HepPacket } from '../hep/index.js';
import { RateLimitedLog, silentLogger } from '../log/logger.js';
import { decodeFrame } from '../frames/index.js';
import { readCaptureFile } from '../pcapfile/index.js';
import type { MessageRow } from '../store/types.js';
import { CaptureCounters } from './counters.js';
import { Ingest, type IngestOptions } from './ingest.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'hep');
const NOW = 1_700_000_000_000_000n;

/** The UDP payloads (HEP datagrams) of a capture file, in file order. */
function datagrams(file: string): Buffer[] {
  const cap = readCaptureFile(readFileSync(join(FIXTURES, file)));
  assert.ok(cap.ok, cap.ok ? '' : cap.detail);
  return cap.value.frames.map((f) => {
    const d = decodeFrame(f.linkType, f.data);
    assert.ok(d.ok && d.value.transport === 'udp', `frame of ${file} is not UDP`);
    return d.value.payload;
  });
}

const PLAIN = datagrams('hep-wireshark-hep3.pcap');
const COMPRESSED = datagrams('hep-wireshark-hep3-compressed.pcapng');

/** An Ingest writing rows into an array, with its own counters. */
function rig(over: Partial<IngestOptions> = {}) {
  const registry = new Registry();
  const counters = new CaptureCounters(registry);
  const rows: MessageRow[] = [];
  const opt: IngestOptions = {
    location: 'test-loc', node: 'cap-1', b2bSuffix: /_b2b-\d+$/, authKey: '', maxMessageBytes: 65_536,
    sip: { correlationHeaders: ['X-CID'], extraHeaders: [] }, ...over,
  };
  const ingest = new Ingest(opt, (r) => rows.push(r), counters, new RateLimitedLog(silentLogger()));
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const m = await registry.getSingleMetric(name)?.get();
    return (m?.values ?? []).filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((a, v) => a + v.value, 0);
  };
  const feed = (bufs: Buffer[]) => {
    for (const b of bufs) ingest.hep(b, 'udp', '127.0.0.1:40000', NOW);
  };
  return { ingest, rows, feed, value };
}

/** A HEP3 packet around `payload`, encoded. */
function hep(payload: string | Buffer, over: Partial<HepPacket> = {}): Buffer {
  const p: HepPacket = {
    version: 3, family: 4, ipProtocol: 6, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5062,
    tsSec: 1_763_974_800, tsUsec: 5, captureId: 7, protoType: 1, payload: Buffer.from(payload), compressed: false,
    unknownChunks: [], flags: [], ...over,
  };
  const r = encodeHep(p, 3);
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.value;
}

/** A minimal SIP INVITE with `headers` added. */
function invite(callId: string, headers = ''): string {
  return `INVITE sip:bob@b.example SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-${callId.length}\r\n` +
    `From: <sip:alice@a.example>;tag=f1\r\nTo: <sip:bob@b.example>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\n${headers}Content-Length: 0\r\n\r\n`;
}

describe('Ingest of the public HEP captures', () => {
  test('hep-wireshark-hep3.pcap: 8 datagrams, 6 SIP messages and 2 non-SIP payloads stored under the correlation id', async () => {
    assert.equal(PLAIN.length, 8);
    const { rows, feed, value } = rig();
    feed(PLAIN);
    assert.equal(rows.length, 8);
    const callId = 'qgf3dm9rudi@127.0.0.1';
    assert.deepEqual(rows.map((r) => r.method ?? r.status ?? `type ${r.protoType}`), ['INVITE', 100, 407, 'OPTIONS', 'type 100', 200, 'PUBLISH', 'type 5']);
    assert.deepEqual(rows.map((r) => r.protoType), [1, 1, 1, 1, 100, 1, 1, 5]);
    for (const r of rows) {
      assert.equal(r.callId, callId);
      assert.equal(r.captureId, 2001);
      assert.equal(r.transport, 'udp');
      assert.equal(r.location, 'test-loc');
      assert.equal(r.node, 'cap-1');
      assert.equal(r.id.length, 16);
      assert.equal(r.dedupe.length, 16);
      assert.deepEqual(r.corr, [], 'the HEP correlation id is the Call-ID itself: no link');
    }
    assert.equal(new Set(rows.map((r) => r.id.toString('hex'))).size, 8);

    const [inv, trying, auth] = rows;
    assert.equal(inv!.ts, 1_481_455_196_000_100n);
    assert.deepEqual([inv!.srcIp, inv!.srcPort, inv!.dstIp, inv!.dstPort], ['192.168.1.1', 5060, '192.168.1.2', 5060]);
    assert.deepEqual([trying!.srcIp, trying!.dstIp], ['192.168.1.2', '192.168.1.1']);
    assert.equal(trying!.ts, 1_481_455_196_000_325n);
    assert.deepEqual([inv!.fromUser, inv!.toUser, inv!.ruriUser, inv!.cseqNum, inv!.cseqMethod, inv!.userAgent], ['nodejs', 'nodejs', 'nodejs', 1, 'INVITE', 'HEPGEN-UAC']);
    assert.deepEqual([auth!.status, auth!.reasonPhrase, auth!.method], [407, 'Proxy Authentication Required', null]);
    assert.match(inv!.payload.toString('latin1'), /^INVITE sip:nodejs@127\.0\.0\.1 SIP\/2\.0\n/);

    const [log, rtcp] = rows.filter((r) => r.protoType !== 1);
    assert.match(log!.payload.toString(), /^SYSLOG: /);
    assert.match(rtcp!.payload.toString(), /^\{"sender_information"/);
    for (const r of [log!, rtcp!]) {
      assert.deepEqual([r.method, r.status, r.fromUser, r.cseqNum, r.srcPort, r.dstPort], [null, null, null, null, 0, 0]);
      assert.deepEqual(r.extra, {});
    }
    assert.equal(await value('siptrail_capture_received_total', { input: 'udp' }), 8);
    assert.equal(await value('siptrail_capture_rejected_total'), 0);
  });

  test('hep-wireshark-hep3-compressed.pcapng: 21 zlib-compressed TCP SIP messages, 7 distinct, each seen 3 times', async () => {
    assert.equal(COMPRESSED.length, 21);
    const { rows, feed, value } = rig();
    feed(COMPRESSED);
    assert.equal(rows.length, 21);
    const flow = ['REGISTER', 'REGISTER', 401, 401, 'REGISTER', 'REGISTER', 200];
    assert.deepEqual(rows.map((r) => r.method ?? r.status), flow.flatMap((m) => [m, m, m]));
    for (const r of rows) {
      assert.equal(r.transport, 'tcp');
      assert.equal(r.callId, '8fc0ff7e-9f0feb00-6245ba21@192.168.137.1');
      assert.equal(r.captureId, 228);
      assert.match(r.payload.toString('latin1'), /^(REGISTER sip:rcs\.st|SIP\/2\.0 (401|200) )/, 'payload is the inflated SIP text');
    }
    for (let i = 0; i < 21; i += 3) {
      const [a, b, c] = rows.slice(i, i + 3);
      assert.deepEqual(b!.id, a!.id, `copies of datagram ${i / 3} share one id`);
      assert.deepEqual(c!.id, a!.id);
      assert.deepEqual(b!.dedupe, a!.dedupe);
      assert.deepEqual(c!.dedupe, a!.dedupe);
    }
    assert.equal(new Set(rows.map((r) => r.id.toString('hex'))).size, 7);
    assert.equal(new Set(rows.map((r) => r.dedupe.toString('hex'))).size, 7);
    assert.deepEqual([rows[0]!.srcIp, rows[0]!.srcPort, rows[0]!.dstIp, rows[0]!.dstPort, rows[0]!.ts], ['192.168.137.1', 54345, '192.168.137.247', 5060, 1_502_941_090_307_169n]);
    assert.equal(await value('siptrail_capture_rejected_total'), 0);

    // The same packets captured at another location: other ids, the same dedupe key.
    const elsewhere = rig({ location: 'other-loc' });
    elsewhere.feed(COMPRESSED.slice(0, 1));
    assert.notDeepEqual(elsewhere.rows[0]!.id, rows[0]!.id);
    assert.deepEqual(elsewhere.rows[0]!.dedupe, rows[0]!.dedupe);
  });

  test('auth key: the right key accepts every packet, a wrong one rejects every packet as hep-auth-failed', async () => {
    const good = rig({ authKey: 'myHep' });
    good.feed([...PLAIN, ...COMPRESSED]);
    assert.equal(good.rows.length, 29);
    assert.equal(await good.value('siptrail_capture_rejected_total'), 0);

    const bad = rig({ authKey: 'other' });
    bad.feed([...PLAIN, ...COMPRESSED]);
    assert.equal(bad.rows.length, 0);
    assert.equal(await bad.value('siptrail_capture_rejected_total', { reason: 'hep-auth-failed' }), 29);
    assert.equal(await bad.value('siptrail_capture_rejected_total'), 29);
    assert.equal(await bad.value('siptrail_capture_received_total'), 29);
  });
});

describe('Ingest of bad input', () => {
  test('arbitrary bytes never throw, never make rows, and are counted as rejected', async () => {
    const { ingest, rows, value } = rig();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const before = await value('siptrail_capture_rejected_total');
        ingest.hep(Buffer.from(bytes), 'udp', '192.0.2.1:1', NOW);
        sent++;
        assert.equal(rows.length, 0);
        assert.ok((await value('siptrail_capture_rejected_total')) > before, 'the packet was counted as rejected');
      }),
      { numRuns: 500 },
    );
    assert.equal(await value('siptrail_capture_received_total'), sent);
  });

  test('every truncation of a real datagram is rejected, and valid traffic afterwards still makes rows', async () => {
    const { rows, feed, value } = rig();
    let cuts = 0;
    for (const d of [PLAIN[0]!, COMPRESSED[0]!]) {
      for (let n = 0; n < d.length; n++, cuts++) feed([d.subarray(0, n)]);
    }
    assert.equal(rows.length, 0);
    assert.equal(await value('siptrail_capture_rejected_total'), cuts);
    feed(PLAIN);
    assert.equal(rows.length, 8);
  });

  test('randomly damaged real datagrams never throw; each one makes a row or a counted rejection', async () => {
    const { ingest, rows, value } = rig();
    const all = [...PLAIN, ...COMPRESSED];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: all.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (which, flips) => {
          const buf = Buffer.from(all[which]!);
          for (const [at, mask] of flips) buf[at % buf.length] = buf[at % buf.length]! ^ mask;
          const rowsBefore = rows.length;
          const rejectedBefore = await value('siptrail_capture_rejected_total');
          ingest.hep(buf, 'udp', '192.0.2.1:1', NOW);
          const made = rows.length - rowsBefore;
          const rejected = (await value('siptrail_capture_rejected_total')) - rejectedBefore;
          assert.ok(made + rejected >= 1, 'neither a row nor a rejection');
        },
      ),
      { numRuns: 500 },
    );
    const after = rig();
    after.feed(PLAIN);
    assert.equal(after.rows.length, 8);
  });

  test('a non-SIP HEP payload without a correlation id is rejected as no-correlation', async () => {
    const { rows, feed, value } = rig();
    feed([hep('{"rtcp":1}', { protoType: 5 })]);
    assert.equal(rows.length, 0);
    assert.equal(await value('siptrail_capture_rejected_total', { reason: 'no-correlation' }), 1);
  });
});

describe('Ingest of SIP details', () => {
  test('a TCP payload holding two SIP messages becomes two rows, each with its own payload', () => {
    const { rows, feed } = rig();
    const first = invite('tcp-1@x');
    const second = invite('tcp-2@x');
    feed([hep(first + second)]);
    assert.deepEqual(rows.map((r) => r.callId), ['tcp-1@x', 'tcp-2@x']);
    assert.deepEqual(rows.map((r) => r.payload.toString()), [first, second]);
    assert.equal(rows[0]!.transport, 'tcp');
    assert.notDeepEqual(rows[0]!.id, rows[1]!.id);
  });

  test('a UDP SIP message without Content-Length keeps its body to the end of the datagram (RFC 3261 18.3)', async () => {
    const sdp = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
    const msg = invite('udp-body@x').replace('Content-Length: 0\r\n', 'Content-Type: application/sdp\r\n') + sdp;
    const { rows, feed, value } = rig();
    feed([hep(msg, { ipProtocol: 17 })]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.transport, 'udp');
    assert.equal(rows[0]!.payload.toString(), msg);
    assert.equal(rows[0]!.contentType, 'application/sdp');
    assert.equal(await value('siptrail_capture_rejected_total'), 0);
  });

  test('an X-CID header links to the other leg', () => {
    const { rows, feed } = rig();
    feed([hep(invite('leg-b@x', 'X-CID: other-call\r\n'))]);
    assert.deepEqual(rows.map((r) => r.corr), [['other-call']]);
  });

  test('a Call-ID with the B2B suffix links to the Call-ID without it', () => {
    const { rows, feed } = rig();
    feed([hep(invite('abc_b2b-1'))]);
    assert.equal(rows[0]!.callId, 'abc_b2b-1');
    assert.ok(rows[0]!.corr.includes('abc'), `corr ${JSON.stringify(rows[0]!.corr)}`);
    const none = rig({ b2bSuffix: null });
    none.feed([hep(invite('abc_b2b-1'))]);
    assert.deepEqual(none.rows[0]!.corr, []);
  });

  test('a packet without a HEP timestamp gets the receive time', () => {
    const { rows, feed } = rig();
    feed([hep(invite('no-ts@x'), { tsSec: 0, tsUsec: 0 })]);
    assert.equal(rows[0]!.ts, NOW);
  });
});
