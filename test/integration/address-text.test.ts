// One address, one stored text, whatever the input: the same SIP message with IPv4-mapped IPv6
// endpoints arrives over HEP, over IP-in-IP captured with libpcap on `lo` (an IPv6 packet inside
// IPv4, protocol 41) and through `siptrail import` of a pcap, each at its own capture location;
// every row holds ::ffff:a.b.c.d, and one search in any spelling finds all three, plus a row
// stored before in the old HEP text (::ffff:c000:20a: normalised on read, see
// src/query/ip-spellings.ts). Real test Cassandra.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEthernet, encodeIpip, encodeIpv6Udp } from '../../src/frames/index.js';
import { writePcap } from '../../src/pcapfile/index.js';
import { SearchService } from '../../src/query/search-service.js';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { CassandraMessageWriter } from '../../src/store/cassandra/writer.js';
import { dayOf, type MessageRow } from '../../src/store/types.js';
import { callFlow, toHep } from '../support/call-flows.js';
import { counter, hepBytes, sendUdp, startTestCapture, waitFor, type TestCapture } from '../support/capture-node.js';
import { siptrailCli } from '../support/processes.js';
import { canCaptureOnLo, sendRawIpv4 } from '../support/raw-ip.js';
import { testKeyspace } from '../support/test-cassandra.js';

const SRC = '::ffff:192.0.2.10';
const DST = '::ffff:198.51.100.20';
/** Spellings of SRC a user may type: upper case, the hex (old HEP) form, uncompressed, bracketed. */
const SPELLINGS = ['::ffff:192.0.2.10', '::FFFF:192.0.2.10', '::ffff:c000:20a', '0:0:0:0:0:ffff:c000:020a', '[::ffff:192.0.2.10]'];

describe('one address text over HEP, IP-in-IP and import', { skip: canCaptureOnLo ? false : 'needs root for libpcap and raw sockets' }, () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let hep: TestCapture;
  let ipip: TestCapture;
  let reader: CassandraMessageReader;
  const now = BigInt(Date.now()) * 1000n;
  const t0 = now - 30_000_000n;
  const callId = `mapped-${Date.now()}@test`;
  const m = { ...callFlow({ callId, from: '+4930777', to: '0211777', t0, caller: SRC, callee: DST })[0]!, srcPort: 5060, dstPort: 5070 };
  const sip = Buffer.from(m.sip);

  before(async () => {
    ks = await testKeyspace('addr');
    // Two capture nodes (a row's id hashes its location, so copies at one location would share it).
    hep = await startTestCapture({ ...ks.cfg }, ks.client, { location: 'hep' });
    ipip = await startTestCapture({ ...ks.cfg }, ks.client, { location: 'ipip', ipipInterface: 'lo', allowNetworks: ['127.0.0.0/8', '::1/128'] });
    reader = new CassandraMessageReader(ks.client, 'LOCAL_ONE');
    await new Promise((r) => setTimeout(r, 300)); // the pcap session is live
  });
  after(async () => {
    /* eslint-disable @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: what it would have opened may be unset */
    await hep?.role.close();
    await ipip?.role.close();
    await ks?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  });

  const search = async (fields: Record<string, string>, unique = false): Promise<MessageRow[]> => {
    const r = await new SearchService(reader).search({ from: String(t0 - 60_000_000n), to: String(BigInt(Date.now()) * 1000n + 60_000_000n), fields, unique });
    assert.ok(r.ok, r.ok ? '' : r.detail);
    return r.value.rows;
  };

  test('the message is stored three times with the same address text and so the same de-duplication key', async () => {
    const ip6 = encodeIpv6Udp({ src: SRC, dst: DST, srcPort: m.srcPort, dstPort: m.dstPort, payload: sip });
    assert.ok(ip6.ok);
    // 1. HEP3 over UDP, family 6, captured at t0.
    await sendUdp(hep.udpPort, [hepBytes(toHep(m))]);
    // 2. IP-in-IP on lo: the IPv6 packet inside an IPv4 one (protocol 41), captured now.
    const outer = encodeIpip('127.0.0.1', '127.0.0.1', ip6.value);
    assert.ok(outer.ok);
    sendRawIpv4([outer.value]);
    await waitFor(async () => (await counter(hep.registry, 'siptrail_capture_stored_total')) >= 1, 20_000, 'the HEP row');
    await waitFor(async () => (await counter(ipip.registry, 'siptrail_capture_stored_total')) >= 1, 20_000, 'the IP-in-IP row');
    // 3. `siptrail import` of a pcap holding the IPv6 frame, captured at t0 + 1 s.
    const file = join(mkdtempSync(join(tmpdir(), 'siptrail-addr-')), 'mapped.pcap');
    const spool = mkdtempSync(join(tmpdir(), 'siptrail-addr-spool-'));
    writeFileSync(file, writePcap([{ tsMicros: t0 + 1_000_000n, data: encodeEthernet(ip6.value, 6) }], 1));
    const c = ks.cfg.cassandra;
    const imp = await siptrailCli(['import', file, '--cassandra.mode=external', `--cassandra.contact-points=${c.contactPoints[0]}`, `--cassandra.keyspace=${c.keyspace}`, `--capture.spool-dir=${spool}`, '--capture.location=import', '--log.format=json']);
    assert.equal(imp.code, 0, imp.out);

    const rows = await reader.getCall(dayOf(t0), callId);
    assert.equal(rows.length, 3, `rows: ${rows.map((r) => `${r.ts} ${r.srcIp}`).join(', ')}`);
    assert.deepEqual(rows.map((r) => r.location), ['hep', 'import', 'ipip'], 'HEP at t0, import at t0 + 1 s, IP-in-IP now');
    assert.deepEqual(rows.map((r) => r.ts).slice(0, 2), [t0, t0 + 1_000_000n]);
    for (const r of rows) {
      assert.deepEqual([r.srcIp, r.dstIp, r.srcPort, r.dstPort, r.method], [SRC, DST, 5060, 5070, 'INVITE']);
      // The de-duplication key hashes the address text with the payload: equal only if the text is.
      assert.ok(r.dedupe.equals(rows[0]!.dedupe), `${r.location}: another de-duplication key`);
    }
  });

  test('one search in any spelling finds every copy, also a row stored before in the old HEP text', async () => {
    const [first] = await reader.getCall(dayOf(t0), callId);
    assert.ok(first);
    // A row as HEP input stored it before there was one text: the mapped addresses in hex (and a
    // de-duplication key hashed from that text, so "unique packets" keeps it apart).
    const legacy: MessageRow = { ...first, ts: t0 + 2_000_000n, location: 'legacy', id: Buffer.alloc(16, 9), srcIp: '::ffff:c000:20a', dstIp: '::ffff:c633:6414', dedupe: Buffer.alloc(16, 7) };
    await new CassandraMessageWriter(ks.client, { consistency: 'LOCAL_ONE' }).write([legacy]);
    for (const typed of SPELLINGS) {
      const rows = await search({ srcIp: typed });
      assert.equal(rows.length, 4, `srcIp ${typed}: ${rows.map((r) => r.srcIp).join(', ')}`);
      assert.deepEqual(new Set(rows.map((r) => r.callId)), new Set([callId]));
    }
    assert.equal((await search({ dstIp: '::FFFF:c633:6414' })).length, 4);
    assert.equal((await search({ originatorIp: '0:0:0:0:0:FFFF:192.0.2.10' })).length, 4);
    assert.equal((await search({ srcIp: '192.0.2.10' })).length, 0, 'the IPv4 address is another address');
    // "Unique packets" folds the three copies of the new text into one; the legacy row hashes another text.
    assert.equal((await search({ srcIp: SRC }, true)).length, 2);
  });
});
