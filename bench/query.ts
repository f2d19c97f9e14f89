// bench/query: loads N messages (realistic calls, registrations and pings, some calls
// with three B2B legs, some failing with 486 or 503, spread over D days or H hours) into
// a local Cassandra, then times every search form of issue 12 (first page of at most 200
// rows, over the last hour and the last 24 hours) and call-flow assembly, through the
// query services with the node's default search budget.
//   npm run bench:query -- [--messages 5000000] [--days 3 | --hours 1] [--samples 50] [--reuse] [--cassandra-nodes 3] [--only text]
// --hours 1 --messages 10000000 is the mission's density (10 M messages in one hour).
// --reuse skips the load when the store already holds as many messages, and times the
// searches against the clock of that load (its "last hour" is the hour it loaded).
// Prints a table (p50/p95/p99, share of answers that covered their whole range, reads per
// answer) and writes bench/results/query-*.json. Targets at 10 M/hour on one node: every
// search p95 <= 300 ms, "nothing" over the hour <= 1 s, Call-ID over 31 days and a 3-leg
// call flow p95 <= 50 ms.
import { statfsSync } from 'node:fs';
import { du } from './lib/disk.js';
import { connectCassandra } from '../src/store/cassandra/client.js';
import { CassandraMessageWriter } from '../src/store/cassandra/writer.js';
import { CassandraMessageReader } from '../src/store/cassandra/reader.js';
import { firstRow } from '../src/store/cassandra/result-set.js';
import { migrate } from '../src/migrate/migrate.js';
import { silentLogger } from '../src/log/logger.js';
import { parseSip } from '../src/sip/index.js';
import { sipRow } from '../src/capture/row.js';
import { SearchService } from '../src/query/search-service.js';
import { CallService } from '../src/query/call-service.js';
import type { MessageRow } from '../src/store/types.js';
import type { SearchRequest } from '../src/query/search-request.js';
import { callFlow, optionsPing, registration, type WireMessage } from '../test/support/call-flows.js';
import { benchCassandra } from './lib/bench-cassandra.js';
import { printTable, writeResult } from './lib/report.js';
import { benchArgs } from './lib/args.js';

const { messages, days, hours, samples, reuse, nodes, only } = benchArgs('bench:query', (a) => ({
  messages: a.int('messages', 5_000_000, 1000, 50_000_000),
  days: a.int('days', 3, 1, 30),
  /** Spread the messages over this many hours instead of days (the density option). */
  hours: a.optionalInt('hours', 1, 720),
  samples: a.int('samples', 50, 5, 10_000),
  reuse: a.flag('reuse'),
  /** 1: the one-node bench Cassandra; 3: the bench ring, RF 3, reads at LOCAL_ONE as the query tier does. */
  nodes: a.int('cassandra-nodes', 1, 1, 5),
  /** Time only the searches whose name contains this text. */
  only: a.text('only', ''),
}));
const KS = 'bench_query';
const HOUR = 3_600_000_000n;
const cas = await benchCassandra(KS, nodes);
const admin = await connectCassandra(cas.cfg);
const client = await connectCassandra(cas.cfg, KS).catch(() => null);
const spanHours = hours ?? days * 24;
/** A setting the last load wrote (messages loaded, the time the load counted back from). */
async function setting(name: string): Promise<string | undefined> {
  const rs = client ? await client.execute('SELECT value FROM settings WHERE name = ?', [name], { prepare: true }).catch(() => null) : null;
  const v = (rs ? firstRow(rs)?.get('value') : undefined) as Buffer | undefined;
  return v?.toString();
}
const loaded = reuse ? Number((await setting('bench-loaded')) ?? 0) : 0;
/**
 * The store holds the load asked for (messages and span): --messages is rounded to whole
 * call groups (10,000,000 writes 9,892,317), so what was asked is kept beside the count.
 */
const haveLoad = reuse && (await setting('bench-requested')) === `${messages}/${spanHours}h`;
/** --reuse times the searches against the loaded data's own "now", so "the last hour" is the hour loaded. */
const loadedNow = haveLoad ? await setting('bench-now') : undefined;
const now = loadedNow ? BigInt(loadedNow) : BigInt(Date.now()) * 1000n;
const start = now - BigInt(spanHours) * HOUR;
/** Messages per group: a 7-message call, a 4-message registration, a 2-message ping. */
const PER_GROUP = 13;
const groups = Math.ceil(messages / PER_GROUP);
const spacing = (now - start) / BigInt(groups);
const opts = { correlationHeaders: ['X-CID'], extraHeaders: [] };
const rowOpts = { location: 'bench', node: 'bench', b2bSuffix: /_b2b-\d+$/ };
const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function group(n: number): WireMessage[] {
  const t = start + BigInt(n) * spacing;
  const from = `+4930${String(n).padStart(7, '0')}`;
  const to = `0211${String(n % 100_000).padStart(6, '0')}`;
  // Every 10th call is refused busy (486), every 25th fails (503): status searches find something.
  const failWith: [number, string] | undefined = n % 10 === 3 ? [486, 'Busy Here'] : n % 25 === 7 ? [503, 'Service Unavailable'] : undefined;
  const call = callFlow({ callId: `q-c${n}`, from, to, t0: t, caller: ip(n), ...(failWith ? { failWith } : {}) });
  // Every 50th call goes through a B2BUA: two more legs, linked by X-CID and a suffix.
  const legs = n % 50 === 0
    ? [...callFlow({ callId: `q-b${n}`, from, to, t0: t + 1000n, caller: ip(n + 1), extraHeaders: [`X-CID: q-c${n}`] }), ...callFlow({ callId: `q-c${n}_b2b-1`, from, to, t0: t + 2000n, caller: ip(n + 2) })]
    : [];
  return [...call, ...legs, ...registration(`q-r${n}`, `u${n}`, t + 100n, ip(n)), ...optionsPing(`q-o${n}`, t + 200n)];
}

function rows(n: number): MessageRow[] {
  return group(n).map((m) => {
    const sip = parseSip(Buffer.from(m.sip), opts);
    if (!sip.ok) throw new Error(`generated SIP did not parse: ${sip.detail}`);
    return sipRow({ tsMicros: m.tsMicros, srcIp: m.src, srcPort: m.srcPort, dstIp: m.dst, dstPort: m.dstPort, transport: 'udp', protoType: 1, captureId: 1, nodeName: null, correlationId: null, payload: Buffer.from(m.sip) }, sip.value, rowOpts);
  });
}

/** A loaded machine makes single writes time out now and then: retry those, a few times. */
async function writeRetrying(writer: CassandraMessageWriter, rows: MessageRow[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writer.write(rows);
      return;
    } catch (err) {
      if (attempt >= 6 || (err as Error).name === 'RowsRejected') throw err;
      process.stderr.write(`bench:query: write failed (${((err as Error).message.split('\n')[0] ?? '').slice(0, 120)}); retry ${attempt}\n`);
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN) * 10) / 10;
}

async function time(name: string, fn: (i: number) => Promise<number>): Promise<Record<string, string | number>> {
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    found += await fn(i);
    ms.push(performance.now() - t);
  }
  return { query: name, samples, p50_ms: pct(ms, 0.5), p95_ms: pct(ms, 0.95), p99_ms: pct(ms, 0.99), avg_results: Math.round(found / samples) };
}

if (!haveLoad) {
  await admin.execute(`DROP KEYSPACE IF EXISTS ${KS}`);
  await migrate(admin, { ...cas.cfg, keyspace: KS }, silentLogger());
}
const ks = await connectCassandra(cas.cfg, KS);
const load = { messages: loaded, seconds: 0, rows_per_s: 0, now: new Date(Number(now / 1000n)).toISOString() };
if (!haveLoad) {
  const writer = new CassandraMessageWriter(ks, { consistency: 'LOCAL_ONE', concurrency: 64 });
  const t = performance.now();
  let written = 0;
  let batch: MessageRow[] = [];
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; n < groups; n++) {
    batch.push(...rows(n));
    if (batch.length >= 500) {
      const p = writeRetrying(writer, batch).then(() => void inFlight.delete(p));
      inFlight.add(p);
      written += batch.length;
      batch = [];
      if (inFlight.size >= 4) await Promise.race(inFlight);
      if (written % 500_000 < 500) process.stderr.write(`bench:query: loaded ${written} messages (${Math.round(written / ((performance.now() - t) / 1000))}/s)\n`);
    }
  }
  if (batch.length) await writeRetrying(writer, batch);
  written += batch.length;
  await Promise.all(inFlight);
  load.messages = written;
  load.seconds = Math.round((performance.now() - t) / 1000);
  load.rows_per_s = Math.round(written / load.seconds);
  await ks.execute("INSERT INTO settings (name, value) VALUES ('bench-loaded', ?)", [Buffer.from(String(written))], { prepare: true });
  await ks.execute("INSERT INTO settings (name, value) VALUES ('bench-now', ?)", [Buffer.from(String(now))], { prepare: true });
  await ks.execute("INSERT INTO settings (name, value) VALUES ('bench-requested', ?)", [Buffer.from(`${messages}/${spanHours}h`)], { prepare: true });
}

const reader = new CassandraMessageReader(ks, 'LOCAL_ONE');
const search = new SearchService(reader);
const calls = new CallService(reader, () => Promise.resolve([]));
const iso = (t: bigint) => new Date(Number(t / 1000n)).toISOString();
// Groups in the last hour, the last day, and 3-leg calls anywhere.
const lastHourFirst = Number((now - HOUR - start) / spacing);
const recent = (i: number) => Math.min(groups - 1, lastHourFirst + 1 + ((i * 7919) % Math.max(1, groups - lastHourFirst - 1)));
const lastDayFirst = Math.max(0, Number((now - 24n * HOUR - start) / spacing));
const inDay = (i: number) => lastDayFirst + ((i * 104_729) % Math.max(1, groups - lastDayFirst));
/** How the answers of one search form ended: share complete, and store reads per answer. */
const ends = new Map<string, { complete: number; reads: number }>();
let timing = '';
const count = (r: Awaited<ReturnType<SearchService['search']>>): number => {
  if (!r.ok) throw new Error(r.detail);
  const e = ends.get(timing) ?? { complete: 0, reads: 0 };
  // A full first page (stop "limit") answered the question as well as a complete one.
  if (r.value.complete || r.value.stop === 'limit') e.complete++;
  e.reads += r.value.reads;
  ends.set(timing, e);
  return r.value.rows.length;
};
const ranges = [['last hour', now - HOUR], ['last 24 h', now - 24n * HOUR]] as const;
type Form = [string, (i: number) => SearchRequest];
const num = (i: number) => String(recent(i) % 100_000).padStart(6, '0');
const forms: Form[] = [
  ['To user exact', (i) => ({ fields: { toUser: `0211${num(i)}` } })],
  ['From user exact', (i) => ({ fields: { fromUser: `+4930${String(recent(i)).padStart(7, '0')}` } })],
  ['RURI user exact', (i) => ({ fields: { ruriUser: `0211${num(i)}` } })],
  ['number prefix 0211*', () => ({ fields: { toUser: '0211*' } })],
  ['number suffix *NNNNNN', (i) => ({ fields: { toUser: `*${num(i)}` } })],
  ['number that matches nothing', (i) => ({ fields: { toUser: `0299${num(i)}` } })],
  ['status 486', () => ({ fields: { status: '486' } })],
  ['reply class 5* AND method INVITE', () => ({ fields: { status: '5*', cseqMethod: 'INVITE' } })],
  ['User-Agent prefix', () => ({ fields: { userAgent: 'siptrail-te*' } })],
  ['source IP exact', (i) => ({ fields: { srcIp: ip(recent(i)) } })],
  ['OR of two fields', (i) => ({ op: 'or', fields: { fromUser: `+4930${String(recent(i)).padStart(7, '0')}`, authUser: `u${recent(i + 1)}` } })],
  ['negation AND another field', (i) => ({ fields: { toUser: `0211${num(i)}`, method: '!INVITE' } })],
];
const results: Record<string, string | number>[] = [];
const want = (name: string) => only === '' || name.includes(only);
for (const [label, from] of ranges) {
  for (const [name, req] of forms) {
    timing = `${name}, ${label}`;
    if (want(timing)) results.push(await time(timing, async (i) => count(await search.search({ from: iso(from), to: iso(now), limit: 200, ...req(i) }))));
  }
}
for (const daysBack of [7n, 31n]) {
  timing = `Call-ID, last ${daysBack} days`;
  if (want(timing)) results.push(await time(timing, async (i) => count(await search.search({ from: iso(now - daysBack * 24n * HOUR + 60_000_000n), to: iso(now), fields: { callId: `q-c${inDay(i)}` } }))));
}
timing = 'call flow of a 3-leg call';
if (want(timing)) {
  results.push(await time(timing, async (i) => {
    const n = Math.floor(inDay(i) / 50) * 50;
    const flow = await calls.flow(`q-c${n}`, start + BigInt(n) * spacing, true, true);
    if (!flow || flow.callIds.length !== 3) throw new Error(`call q-c${n}: expected 3 legs, got ${flow?.callIds.length}`);
    return flow.messages.length;
  }));
}
for (const r of results) {
  const e = ends.get(String(r.query));
  if (e) Object.assign(r, { whole_pct: Math.round((e.complete / samples) * 100), reads: Math.round(e.reads / samples) });
}
printTable(results);
const diskMiB = Math.round(cas.dataDirs.reduce((sum, d) => sum + du(d), 0) / 2 ** 20);
const freeGiB = Math.round((statfsSync(cas.dataDirs[0] ?? '.').bavail * statfsSync(cas.dataDirs[0] ?? '.').bsize) / 2 ** 30);
process.stdout.write(`messages in the store: ${load.messages} over ${spanHours} hours${load.seconds ? `, loaded in ${load.seconds}s (${load.rows_per_s} rows/s)` : ' (reused)'}; Cassandra data ${diskMiB} MiB (${Math.round((diskMiB / Math.max(1, load.messages)) * 1e6)} MiB per million messages; free on its disk: ${freeGiB} GiB)\n`);
process.stdout.write(`written ${writeResult('query', { messages: load.messages, hours: spanHours, cassandraNodes: nodes, load, diskMiB, results })}\n`);
await ks.shutdown();
await admin.shutdown();
await client?.shutdown();
