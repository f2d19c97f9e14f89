// `siptrail import` as a user runs it, into the real test Cassandra: the two public HEP
// captures (HEP3 over UDP, plain and zlib-compressed pcapng), a pcapng of real sipp calls
// over UDP and TCP recorded with dumpcap on lo (checked against tshark's SIP dissector),
// and the IP-in-IP fixture. Importing everything a second time adds no row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type cassandra from 'cassandra-driver';
import { CassandraMessageReader } from '../../src/store/cassandra/reader.js';
import { dayOf } from '../../src/store/types.js';
import { readCaptureFile } from '../../src/pcapfile/index.js';
import { testKeyspace } from '../support/test-cassandra.js';
import { tsharkFieldsOfPath, tsharkMissing } from '../../src/pcapfile/tshark.test-helper.js';

const root = join(import.meta.dirname, '..', '..');
const MAIN = join(root, 'cluster', 'main.ts');
const fixtures = join(root, 'test', 'fixtures');
const HEP3 = join(fixtures, 'hep', 'hep-wireshark-hep3.pcap');
const HEP3Z = join(fixtures, 'hep', 'hep-wireshark-hep3-compressed.pcapng');
const SIPP = join(fixtures, 'pcap', 'sipp-calls.pcapng');
const IPIP = join(fixtures, 'pcap', 'ipip-sip.pcap');

async function rowCount(client: cassandra.Client): Promise<number> {
  return Number((await client.execute('SELECT COUNT(*) AS n FROM messages')).first().get('n'));
}

/** The summary's number on the line starting with `label`. */
function summaryValue(stdout: string, label: string): number {
  const m = new RegExp(`^\\s+${label}\\s+(\\d+)`, 'm').exec(stdout);
  assert.ok(m, `no "${label}" in:\n${stdout}`);
  return Number(m[1]);
}

describe('siptrail import into Cassandra', () => {
  let ks: Awaited<ReturnType<typeof testKeyspace>>;
  let reader: CassandraMessageReader;
  const spool = mkdtempSync(join(tmpdir(), 'siptrail-import-spool-'));

  async function importFiles(files: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SIPTRAIL_')) env[k] = v;
    const args = ['--import', 'tsx', MAIN, 'import', ...files, '--cassandra.mode=external', `--cassandra.contact-points=${ks.cfg.cassandra.contactPoints[0]}`, `--cassandra.keyspace=${ks.cfg.cassandra.keyspace}`, `--capture.spool-dir=${spool}`, '--capture.location=import-it', '--capture.node-name=importer', '--log.format=json'];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer | string) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer | string) => (stderr += String(d)));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    return { code, stdout, stderr };
  }

  before(async () => {
    ks = await testKeyspace('imp');
    reader = new CassandraMessageReader(ks.client, 'LOCAL_ONE');
  });
  after(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- after() runs when before() failed too: ks may be unset
    await ks?.drop();
  });

  test('the public HEP3 capture: 6 SIP messages, a log line and an RTCP report of one call, stored at their HEP times', async () => {
    const r = await importFiles([HEP3]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hep-wireshark-hep3\.pcap: pcap, 8 frames/);
    assert.equal(summaryValue(r.stdout, 'messages stored'), 8);
    assert.equal(summaryValue(r.stdout, 'HEP packets read'), 8);
    assert.equal(summaryValue(r.stdout, 'rejected'), 0);
    assert.match(r.stderr, /import hep-wireshark-hep3\.pcap: 100% \(5 of 5 KB\), 8 frames, 0 SIP messages, 8 HEP packets/, 'progress on stderr');
    const rows = await reader.getCall(dayOf(1_481_455_196_000_000n), 'qgf3dm9rudi@127.0.0.1');
    assert.deepEqual(rows.map((x) => x.method ?? x.status ?? `type ${x.protoType}`), ['INVITE', 100, 407, 'OPTIONS', 'type 100', 200, 'PUBLISH', 'type 5']);
    assert.deepEqual([rows[0]!.ts, rows[0]!.srcIp, rows[0]!.srcPort, rows[0]!.dstIp, rows[0]!.captureId, rows[0]!.location], [1_481_455_196_000_100n, '192.168.1.1', 5060, '192.168.1.2', 2001, 'import-it']);
    assert.equal(await rowCount(ks.client), 8);
  });

  test('the compressed pcapng: 21 HEP packets are 7 messages seen three times; the copies fold into 7 rows', async () => {
    const r = await importFiles([HEP3Z]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pcapng, 21 frames/);
    assert.equal(summaryValue(r.stdout, 'HEP packets read'), 21);
    const rows = await reader.getCall(dayOf(1_502_941_090_000_000n), '8fc0ff7e-9f0feb00-6245ba21@192.168.137.1');
    assert.deepEqual(rows.map((x) => x.method ?? x.status), ['REGISTER', 'REGISTER', 401, 401, 'REGISTER', 'REGISTER', 200]);
    assert.equal(rows[0]!.ts, 1_502_941_090_307_169n);
    assert.equal(await rowCount(ks.client), 15);
  });

  test('a recorded pcapng of sipp calls over UDP and TCP: every SIP message tshark sees, at its frame time', { skip: tsharkMissing }, async () => {
    const r = await importFiles([SIPP]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(summaryValue(r.stdout, 'SIP messages read'), 24);
    assert.equal(summaryValue(r.stdout, 'messages stored'), 24);
    assert.match(r.stdout, /rejected\s+0\n/);
    const oracle = tsharkFieldsOfPath(SIPP, ['-Y', 'sip', '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'udp.srcport', '-e', 'tcp.srcport', '-e', 'udp.dstport', '-e', 'tcp.dstport', '-e', 'sip.Call-ID', '-e', 'sip.CSeq', '-e', 'sip.Method', '-e', 'sip.Status-Code']);
    assert.equal(oracle.length, 24);
    for (const [time, src, dst, usp, tsp, udp, tdp, callId, cseq, method, status] of oracle) {
      const [sec, frac = ''] = time!.split('.');
      const ts = BigInt(sec!) * 1_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 6));
      const rows = (await reader.getCall(dayOf(ts), callId!)).filter((x) => x.ts === ts);
      assert.equal(rows.length, 1, `${method || status} of ${callId} at ${ts}`);
      const x = rows[0]!;
      assert.deepEqual(
        [x.srcIp, x.dstIp, x.srcPort, x.dstPort, x.transport, `${x.cseqNum} ${x.cseqMethod}`, String(x.method ?? x.status)],
        [src, dst, Number(usp || tsp), Number(udp || tdp), usp ? 'udp' : 'tcp', cseq, method || status],
      );
    }
    assert.equal(await rowCount(ks.client), 39);
  });

  test('the IP-in-IP fixture: inner endpoints; outer and inner fragments reassembled; SIP over inner TCP', async () => {
    const r = await importFiles([IPIP]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(summaryValue(r.stdout, 'messages stored'), 5);
    const file = readCaptureFile(readFileSync(IPIP));
    assert.ok(file.ok);
    const fx1 = await reader.getCall(dayOf(file.value.frames[0]!.tsMicros), 'fx-1');
    assert.deepEqual(fx1.map((x) => [x.method ?? x.status, x.srcIp, x.dstIp, x.transport]), [['INVITE', '10.1.1.1', '10.2.2.2', 'udp'], [200, '10.2.2.2', '10.1.1.1', 'udp'], ['ACK', '10.1.1.1', '10.2.2.2', 'tcp']]);
    assert.equal(await rowCount(ks.client), 44);
  });

  test('importing every file again adds nothing', async () => {
    const before = await rowCount(ks.client);
    const r = await importFiles([HEP3, HEP3Z, SIPP, IPIP]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout.match(/messages stored/g) ?? []).length, 4, 'a summary per file');
    assert.equal(await rowCount(ks.client), before);
    assert.equal(before, 44);
  });

  test('a file that is not a capture: summary says why, exit 1; a missing file: one line, exit 2', async () => {
    const junk = join(mkdtempSync(join(tmpdir(), 'siptrail-junk-')), 'notes.pcap');
    writeFileSync(junk, 'this is not a capture file\n');
    const r = await importFiles([junk]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /notes\.pcap: unreadable, 0 frames[\s\S]*stopped early\s+not-capture/);
    const missing = await importFiles(['/nonexistent/x.pcap']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr.trim(), /^siptrail: error: cannot read \/nonexistent\/x\.pcap: no such file \(see siptrail --help\)$/);
  });
});
