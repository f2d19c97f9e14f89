// Conformance of MessageWriter + MessageReader (store/types.ts): idempotent rewrites,
// clustering order, day partitions, correlation links, every field's round trip, and the
// search contract (newest first, lookups, inclusive bounds, paging). Registered by
// store/conformance.test-helper.ts; every test uses its own Call-IDs (with the run's prefix).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { makeRow } from '../../../test/support/rows.js';
import type { Stores } from '../stores.js';
import { dayOf, wholeRangeBudget, type MessageRow, type RowSearch } from '../types.js';

const DAY = '2025-11-24';
const NEXT_DAY = '2025-11-25';
/** 2025-11-24T09:00:00Z in microseconds. */
const T0 = 1_763_974_800_000_000n;

/** Every MessageRow field that may be null. */
const NULLABLE: (keyof MessageRow)[] = [
  'captureId', 'method', 'status', 'reasonPhrase', 'ruri', 'ruriUser', 'ruriDomain', 'fromUser', 'fromDomain', 'fromTag',
  'toUser', 'toDomain', 'toTag', 'pidUser', 'contactUser', 'contactIp', 'contactPort', 'authUser', 'via', 'viaBranch',
  'cseqNum', 'cseqMethod', 'userAgent', 'diversion', 'reason', 'contentType', 'maxForwards',
];

/** Registers the message tests; `stores()` is the store under test (opened by the caller), `run` a per-run prefix. */
export function messageConformance(stores: () => Stores, run: string): void {
  describe('messages', () => {
    const cid = (label: string) => `${label}-${run}@conformance`;

    test('rewriting rows stores each message once (key: day, Call-ID, ts, id)', async () => {
      const c = cid('idem');
      const rows = Array.from({ length: 30 }, (_, i) => makeRow({ callId: c, ts: T0 + BigInt(i), payload: Buffer.from(`m${i}`) }));
      await stores().writer.write(rows);
      await stores().writer.write(rows);
      await stores().writer.write(rows.slice(5, 15));
      await stores().writer.write([...rows].reverse());
      await stores().writer.write([]);
      assert.deepEqual(await stores().reader.getCall(DAY, c), rows);
    });

    test('a rewrite of one key replaces the row; a different id at the same ts is another row', async () => {
      const c = cid('upsert');
      const first = makeRow({ callId: c, ts: T0, id: Buffer.alloc(16, 0x11) });
      await stores().writer.write([first]);
      await stores().writer.write([{ ...first, userAgent: 'second write' }]);
      assert.deepEqual(await stores().reader.getCall(DAY, c), [{ ...first, userAgent: 'second write' }]);
      const other = makeRow({ callId: c, ts: T0, id: Buffer.alloc(16, 0x22) });
      await stores().writer.write([other]);
      assert.deepEqual((await stores().reader.getCall(DAY, c)).map((r) => r.id), [first.id, other.id]);
    });

    test('a call reads back oldest first, whatever the write order; equal ts in id byte order', async () => {
      const c = cid('order');
      const at = (ms: bigint, idByte: number) => makeRow({ callId: c, ts: T0 + ms * 1000n, id: Buffer.alloc(16, idByte), payload: Buffer.from(`${ms}/${idByte}`) });
      await stores().writer.write([at(5n, 1), at(1n, 1), at(3n, 0xff)]);
      await stores().writer.write([at(3n, 0x01), at(2n, 1), at(4n, 1), at(3n, 0x80)]);
      const got = await stores().reader.getCall(DAY, c);
      assert.deepEqual(got.map((r) => r.payload.toString()), ['1/1', '2/1', '3/1', '3/128', '3/255', '4/1', '5/1']);
    });

    test('a call crossing midnight (UTC) is two day partitions', async () => {
      const c = cid('midnight');
      const before = 1_764_028_799_999_999n; // 2025-11-24T23:59:59.999999Z
      const after = 1_764_028_800_000_000n; // 2025-11-25T00:00:00.000000Z
      await stores().writer.write([makeRow({ callId: c, ts: after, method: 'BYE' }), makeRow({ callId: c, ts: before })]);
      assert.deepEqual((await stores().reader.getCall(DAY, c)).map((r) => [r.ts, r.method]), [[before, 'INVITE']]);
      assert.deepEqual((await stores().reader.getCall(NEXT_DAY, c)).map((r) => [r.ts, r.method]), [[after, 'BYE']]);
      assert.deepEqual(await stores().reader.getCall('2025-11-26', c), []);
    });

    test('an unknown call reads back empty', async () => {
      assert.deepEqual(await stores().reader.getCall(DAY, cid('nobody')), []);
      assert.deepEqual(await stores().reader.correlated(DAY, cid('nothing')), []);
    });

    test('correlation links B2B legs both ways, per day', async () => {
      const a = cid('leg-a');
      const b = cid('leg-b');
      const shared = `icid:${run}`;
      await stores().writer.write([
        makeRow({ callId: a, ts: T0 + 1n, corr: [shared] }),
        makeRow({ callId: b, ts: T0 + 2n, corr: [a, shared] }),
      ]);
      await stores().writer.write([makeRow({ callId: b, ts: T0 + 2n, corr: [a, shared] })]); // rewrite: no second link
      // A -> B: the legs that carried A's Call-ID as a value.
      assert.deepEqual(await stores().reader.correlated(DAY, a), [b]);
      // B -> A: B's own rows carry A's Call-ID.
      const [rowB] = await stores().reader.getCall(DAY, b);
      assert.ok(rowB?.corr.includes(a));
      // Nobody carried B's Call-ID; both carried the shared value.
      assert.deepEqual(await stores().reader.correlated(DAY, b), []);
      assert.deepEqual(await stores().reader.correlated(DAY, shared), [a, b].sort());
      assert.deepEqual(await stores().reader.correlated(NEXT_DAY, a), []);
    });

    test('every field round-trips: Buffers, bigint ts, large cseq, maps, sets', async () => {
      const payload = Buffer.concat([Buffer.from('INVITE sip:x SIP/2.0\r\nUser-Agent: <script>\r\n\r\n'), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3])]);
      const row = makeRow({
        callId: cid('full'), ts: 1_763_974_899_999_999n, payload, status: 183, reasonPhrase: 'Session Progress',
        toTag: 'tt1', diversion: '<sip:+4930@x>;reason=unconditional', reason: 'Q.850;cause=16', cseqNum: 4_294_967_296,
        contactPort: 65_535, maxForwards: 0, captureId: 2_147_483_647, corr: ['icid:x1', 'sid:abc', 'x-other'],
        extra: { 'x-cid': 'abc', 'x-customer-id': 'Müller €', 'x-empty': '' }, userAgent: '\'; DROP TABLE messages;-- <img onerror=x>',
      });
      await stores().writer.write([row]);
      const got = await stores().reader.getCall(DAY, row.callId);
      assert.deepEqual(got, [row]);
      const [r] = got;
      assert.ok(r && typeof r.ts === 'bigint' && Buffer.isBuffer(r.id) && Buffer.isBuffer(r.dedupe) && Buffer.isBuffer(r.payload));
      assert.equal(typeof r.cseqNum, 'number');
    });

    test('every nullable field round-trips as null; empty corr and extra as [] and {}', async () => {
      const nulls = Object.fromEntries(NULLABLE.map((k) => [k, null])) as Partial<MessageRow>;
      const row = makeRow({ ...nulls, callId: cid('nulls'), ts: T0 + 7n, corr: [], extra: {} });
      await stores().writer.write([row]);
      assert.deepEqual(await stores().reader.getCall(DAY, row.callId), [row]);
    });

    test('captureId keeps the whole HEP3 u32 range', async () => {
      const row = makeRow({ callId: cid('capture-id'), ts: T0 + 8n, captureId: 0xffff_ffff });
      await stores().writer.write([row]);
      assert.deepEqual((await stores().reader.getCall(DAY, row.callId)).map((r) => r.captureId), [0xffff_ffff]);
    });

    test('readCall stops at the row cap or the byte cap and says so; under both it reads the call whole', async () => {
      const c = cid('cap');
      const rows = Array.from({ length: 30 }, (_, i) => makeRow({ callId: c, ts: T0 + BigInt(i), payload: Buffer.alloc(800, 65 + (i % 26)) }));
      await stores().writer.write(rows);
      const whole = await stores().reader.readCall(DAY, c, { maxRows: 30, maxBytes: 1_000_000 });
      assert.deepEqual([whole.rows.length, whole.truncated], [30, false]);
      const byRows = await stores().reader.readCall(DAY, c, { maxRows: 7, maxBytes: 1_000_000 });
      assert.deepEqual([byRows.rows.map((r) => r.ts), byRows.truncated], [rows.slice(0, 7).map((r) => r.ts), true], 'the oldest 7');
      // 1,000 bytes a row (800 of payload + 200): 10,500 bytes hold 10 rows.
      const byBytes = await stores().reader.readCall(DAY, c, { maxRows: 1000, maxBytes: 10_500 });
      assert.deepEqual([byBytes.rows.length, byBytes.truncated], [10, true]);
    });

    test('corr reads back as a set: sorted, without duplicates', async () => {
      const row = makeRow({ callId: cid('corr-set'), ts: T0 + 9n, corr: ['zz', 'aa', 'mm', 'aa'] });
      await stores().writer.write([row]);
      assert.deepEqual((await stores().reader.getCall(DAY, row.callId)).map((r) => r.corr), [['aa', 'mm', 'zz']]);
    });
  
    describe('search', () => {
      // Rows across three 10-minute buckets and two days, in a range no other test uses.
      const base = 1_748_822_100_000_000n; // 2025-06-01T23:55:00Z
      const min = 60_000_000n;
      const tag = `s-${run}`;
      const rows = [
        makeRow({ callId: `${tag}-a`, ts: base, fromUser: `${tag}-alice`, toUser: '0211', extra: { 'x-customer': `${tag}-42` } }),
        makeRow({ callId: `${tag}-a`, ts: base + 2n * min, fromUser: `${tag}-alice`, toUser: '0211', method: 'BYE' }),
        makeRow({ callId: `${tag}-b`, ts: base + 7n * min, fromUser: `${tag}-bob`, toUser: '0212', srcIp: '10.9.9.9' }),
        makeRow({ callId: `${tag}-c`, ts: base + 12n * min, fromUser: `${tag}-carol`, toUser: '0213' }),
        makeRow({ callId: `${tag}-c`, ts: base + 12n * min, fromUser: `${tag}-carol`, toUser: '0213', location: 'loc2' }),
      ];
      const mine = (r: MessageRow) => r.callId.startsWith(tag);
      const q = (over: Partial<RowSearch>): RowSearch => ({ fromMicros: base - min, toMicros: base + 30n * min, plans: [], match: mine, limit: 100, budget: wholeRangeBudget(), ...over });
      before(async () => {
        await stores().writer.write(rows);
      });

      test('a scan returns every row of the range newest first, without payload', async () => {
        const page = await stores().reader.search(q({}));
        assert.deepEqual(page.rows.map((r) => r.ts), [rows[3]!.ts, rows[4]!.ts, rows[2]!.ts, rows[1]!.ts, rows[0]!.ts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
        assert.equal(page.complete, true);
        assert.equal(page.rows[0]!.payload.length, 0);
        const { payload: _p, ...expected } = rows[2]!;
        const { payload: _q, ...got } = page.rows.find((r) => r.callId === `${tag}-b`)!;
        assert.deepEqual(got, expected);
      });

      test('index lookups narrow the candidates; match still filters; several lookups are a union', async () => {
        const alice = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: [`${tag}-alice`] }]] }));
        assert.deepEqual(alice.rows.map((r) => r.method), ['BYE', 'INVITE']);
        const union = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: [`${tag}-bob`] }, { field: 'srcIp', values: ['10.9.9.9'] }, { field: 'toUser', values: ['0213'] }]] }));
        assert.deepEqual(union.rows.map((r) => r.callId), [`${tag}-c`, `${tag}-c`, `${tag}-b`]);
        const byCall = await stores().reader.search(q({ plans: [[{ field: 'callId', values: [`${tag}-a`] }]] }));
        assert.equal(byCall.rows.length, 2);
        const byExtra = await stores().reader.search(q({ plans: [[{ field: 'extra', header: 'x-customer', values: [`${tag}-42`] }]] }));
        assert.deepEqual(byExtra.rows.map((r) => r.ts), [base]);
        const filtered = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: [`${tag}-carol`] }]], match: (r) => mine(r) && r.location === 'loc2' }));
        assert.deepEqual(filtered.rows.map((r) => r.location), ['loc2']);
      });

      test('starts, ends and case-folded values narrow like whole values; a plan the store cannot serve is passed over', async () => {
        const carol = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: [`${tag}-car`], match: 'prefix' }]] }));
        assert.deepEqual(carol.rows.map((r) => r.callId), [`${tag}-c`, `${tag}-c`]);
        const bob = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: [`${tag}-bob`.slice(-7)], match: 'suffix' }]] }));
        assert.deepEqual(bob.rows.map((r) => r.callId), [`${tag}-b`]);
        // A suffix shorter than any end Cassandra writes: a scan there, and still only the rows the plan names.
        const shortEnd = await stores().reader.search(q({ plans: [[{ field: 'fromUser', values: ['-bob'], match: 'suffix' }]] }));
        assert.deepEqual(shortEnd.rows.map((r) => r.callId), [`${tag}-b`]);
        const bye = await stores().reader.search(q({ plans: [[{ field: 'method', values: ['bye'] }]] }));
        assert.deepEqual(bye.rows.map((r) => r.ts), [base + 2n * min]);
        // '02' is shorter than any start Cassandra writes: it uses the next plan (the memory store the first); match decides either way.
        const both = (r: MessageRow) => mine(r) && (r.toUser ?? '').startsWith('02') && r.fromUser === `${tag}-alice`;
        const alice = await stores().reader.search(q({ plans: [[{ field: 'toUser', values: ['02'], match: 'prefix' }], [{ field: 'fromUser', values: [`${tag}-alice`] }]], match: both }));
        assert.deepEqual(alice.rows.map((r) => r.ts), [base + 2n * min, base]);
        assert.equal(alice.complete, true);
      });

      test('the range bounds are inclusive and a call crossing midnight is found on both days', async () => {
        const page = await stores().reader.search(q({ fromMicros: base, toMicros: base + 7n * min }));
        assert.deepEqual(page.rows.map((r) => r.callId), [`${tag}-b`, `${tag}-a`, `${tag}-a`]);
      });

      test('limit and before page through the rows without gaps or repeats', async () => {
        const seen: string[] = [];
        let before: RowSearch['before'];
        for (let i = 0; i < 10; i++) {
          const page = await stores().reader.search(q({ limit: 2, before }));
          seen.push(...page.rows.map((r) => r.id.toString('hex')));
          if (page.rows.length < 2) break;
          const last = page.rows[page.rows.length - 1]!;
          before = { ts: last.ts, ids: page.rows.filter((r) => r.ts === last.ts).map((r) => r.id.toString('hex')).concat(before && before.ts === last.ts ? before.ids : []) };
        }
        assert.equal(seen.length, 5);
        assert.equal(new Set(seen).size, 5);
      });

      test('a whole-range answer is complete, stops for nothing and has no next page', async () => {
        const page = await stores().reader.search(q({}));
        assert.deepEqual([page.complete, page.stop, page.next, page.missing, page.searchedFrom], [true, null, null, [], base - min]);
        assert.ok(page.reads > 0);
      });

      test('a budget of one read answers with what it covered; next continues without gaps or repeats', async () => {
        const seen: string[] = [];
        const stops = new Set<string | null>();
        let before: RowSearch['before'];
        for (let i = 0; i < 20; i++) {
          const page = await stores().reader.search(q({ before, budget: { ...wholeRangeBudget(), maxReads: 1 } }));
          stops.add(page.stop);
          assert.ok(page.rows.every((r) => r.ts >= page.searchedFrom), 'rows only from the searched stretch');
          seen.push(...page.rows.map((r) => r.id.toString('hex')));
          if (!page.next) {
            assert.equal(page.complete, true);
            break;
          }
          assert.equal(page.complete, false);
          before = page.next;
        }
        assert.equal(seen.length, 5);
        assert.equal(new Set(seen).size, 5);
        assert.ok(stops.has('reads'), `stops seen: ${[...stops].join(', ')}`);
      });

      test('a passed deadline still reads the newest stretch, so every request makes progress', async () => {
        const page = await stores().reader.search(q({ budget: { ...wholeRangeBudget(), deadline: Date.now() - 1 } }));
        assert.equal(page.stop, 'deadline');
        assert.equal(page.complete, false);
        assert.ok(page.searchedFrom <= base + 30n * min, 'some of the range was searched');
        assert.ok(page.searchedFrom > base - min, 'not all of it');
        assert.equal(page.next?.ts, page.searchedFrom - 1n);
      });

      test('a caller gone before the search starts: no read, cancelled, next is the whole range', async () => {
        const gone = new AbortController();
        gone.abort();
        let reads = 0;
        const page = await stores().reader.search(q({ signal: gone.signal, onRead: () => reads++ }));
        assert.deepEqual([page.stop, page.reads, reads, page.rows.length, page.next?.ts], ['cancelled', 0, 0, 0, base + 30n * min]);
      });

      test('getMessage returns one message with its payload, or null', async () => {
        const r = rows[2]!;
        const got = await stores().reader.getMessage(dayOf(r.ts), r.callId, r.ts, r.id);
        assert.deepEqual(got, r);
        assert.equal(await stores().reader.getMessage(dayOf(r.ts), r.callId, r.ts + 1n, r.id), null);
      });
    });
  });
}
