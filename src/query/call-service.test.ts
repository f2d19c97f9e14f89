// CallService over the memory store: the days read around the time asked, a B2B call group
// assembled into one flow, legs on or off, unique packets, aliases, and a Call-ID not found.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { callFlow } from '../../test/support/call-flows.js';
import { wireRows } from '../flow/wire-rows.test-helper.js';
import type { Alias } from '../store/directory.js';
import { MemoryMessageStore } from '../store/memory/memory-store.js';
import { CallService } from './call-service.js';
import { parseMessageId } from './message-id.js';

/** 2025-11-24T09:00:00Z in µs. */
const T0 = 1_763_974_800_000_000n;
/** 2025-11-24T23:59:58Z: this call's BYE is on the next day. */
const LATE = 1_764_028_798_000_000n;
const DAY = 86_400_000_000n;

// Caller -> SBC (10.0.0.5) on leg a@x; the SBC calls the callee on leg b@x, which carries X-CID: a@x.
const legA = wireRows(callFlow({ callId: 'a@x', from: '+4930111', to: '0211234567', t0: T0, callee: '10.0.0.5' }));
const legB = wireRows(callFlow({ callId: 'b@x', from: '+4930111', to: '0211234567', t0: T0 + 2_000n, caller: '10.0.0.5', extraHeaders: ['X-CID: a@x'] }));
const copyA = wireRows(callFlow({ callId: 'a@x', from: '+4930111', to: '0211234567', t0: T0, callee: '10.0.0.5' }), { location: 'loc2', offsetMicros: 300n });
const late = wireRows(callFlow({ callId: 'late@x', from: '+4930555', to: '0211555', t0: LATE }));
const ALIASES: Alias[] = [{ ip: '10.0.0.5', port: null, name: 'SBC' }, { ip: '10.0.0.2', port: 5060, name: 'callee PBX' }];

describe('CallService', () => {
  const store = new MemoryMessageStore();
  let aliasReads = 0;
  const service = new CallService(store, () => {
    aliasReads++;
    return Promise.resolve(ALIASES);
  });
  before(() => store.write([...legA, ...legB, ...copyA, ...late]));

  test('days: the day before, the day of and the day after the time asked', () => {
    assert.deepEqual(CallService.days(T0), ['2025-11-23', '2025-11-24', '2025-11-25']);
    assert.deepEqual(CallService.days(LATE + 3_000_000n), ['2025-11-24', '2025-11-25', '2025-11-26']);
  });

  test('a B2B call group is one flow: both legs in time order, copies folded, hosts named by alias', async () => {
    const flow = await service.flow('a@x', T0, true, true);
    assert.ok(flow);
    assert.deepEqual(flow.callIds, ['a@x', 'b@x']);
    assert.equal(flow.messages.length, 14, 'two legs of 7; the copies seen at loc2 folded');
    assert.deepEqual(flow.messages.slice(0, 4).map((m) => `${m.leg} ${m.label}`), ['0 INVITE', '0 100 Trying', '1 INVITE', '1 100 Trying']);
    const times = flow.messages.map((m) => BigInt(m.ts));
    assert.deepEqual(times, [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'oldest first');
    assert.deepEqual(flow.hosts.map((h) => h.label), ['10.0.0.1:5060', 'SBC', 'callee PBX']);
    const invite = flow.messages[0];
    assert.deepEqual(invite?.seenAt.map((s) => s.location), ['loc1', 'loc2']);
    // Each message id is the key GET /messages/{id} reads.
    const key = parseMessageId(invite.id);
    assert.deepEqual(key && [key.callId, key.ts], ['a@x', T0]);
    assert.ok(aliasReads > 0);
  });

  test('legs=false reads the asked Call-ID alone; unique=false keeps every capture', async () => {
    const alone = await service.flow('a@x', T0, false, false);
    assert.deepEqual(alone?.callIds, ['a@x']);
    assert.equal(alone.messages.length, 14, 'a@x at loc1 and at loc2');
    assert.deepEqual(alone.messages.slice(0, 2).map((m) => m.location), ['loc1', 'loc2']);
    const fromB = await service.flow('b@x', T0, true, true);
    assert.deepEqual(fromB?.callIds, ['b@x', 'a@x'], 'the asked Call-ID first');
  });

  test('a call crossing midnight is one flow, asked at either end', async () => {
    for (const at of [LATE, LATE + DAY / 2n]) {
      const flow = await service.flow('late@x', at, true, true);
      assert.deepEqual(flow?.messages.map((m) => m.label), ['INVITE', '100 Trying', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK']);
    }
  });

  test('rows: per leg, oldest first, with payloads, for the export', async () => {
    const r = await service.rows('a@x', T0, true);
    assert.deepEqual(r.legs.map((l) => [l.callId, l.rows.length]), [['a@x', 14], ['b@x', 7]]);
    const first = r.legs[0]?.rows[0];
    assert.match(first?.payload.toString() ?? '', /^INVITE sip:0211234567@10\.0\.0\.5 SIP\/2\.0/);
    assert.deepEqual((await service.rows('a@x', T0, false)).legs.map((l) => l.callId), ['a@x']);
  });

  test('a Call-ID with no message within a day of the time asked has no flow', async () => {
    assert.equal(await service.flow('nobody@x', T0, true, true), null);
    assert.equal(await service.flow('a@x', T0 + 3n * DAY, true, true), null, 'three days later');
    assert.deepEqual((await service.rows('nobody@x', T0, true)).legs, [{ callId: 'nobody@x', rows: [] }]);
  });

  test('a store that cannot be read fails the flow', async () => {
    const down = new MemoryMessageStore();
    down.setDown(true);
    await assert.rejects(new CallService(down, () => Promise.resolve([])).flow('a@x', T0, true, true), /down/);
  });

  test('a flood under one Call-ID is cut at the cap: the flow says which leg and the cap, the export rows stop there', async () => {
    const flood = new MemoryMessageStore();
    const t = T0 + 3_600_000_000n;
    const one = wireRows(callFlow({ callId: 'flood@x', from: '+4930999', to: '0211999', t0: t }));
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...one[i % one.length]!, ts: t + BigInt(i) * 1000n, id: Buffer.from(String(i).padStart(16, '0')) }));
    await flood.write(rows);
    const capped = new CallService(flood, () => Promise.resolve([]), { maxRows: 25, maxBytes: 1 << 30 });
    const flow = await capped.flow('flood@x', t, true, false);
    assert.ok(flow);
    assert.equal(flow.messages.length, 25);
    assert.deepEqual(flow.truncated, { callIds: ['flood@x'], maxRows: 25, maxBytes: 1 << 30 });
    const r = await capped.rows('flood@x', t, true);
    assert.deepEqual([r.legs[0]?.rows.length, r.truncated], [25, ['flood@x']]);
    const whole = await new CallService(flood, () => Promise.resolve([])).flow('flood@x', t, true, false);
    assert.equal(whole?.truncated, undefined);
  });

  test('a call carrying hundreds of correlation values looks up at most 32 of them per day', async () => {
    const store = new MemoryMessageStore();
    const row = { ...legA[0]!, callId: 'many@x', corr: Array.from({ length: 300 }, (_, i) => `v${i}`) };
    await store.write([row]);
    let lookups = 0;
    const counting = Object.assign(Object.create(store) as MemoryMessageStore, {
      correlated: (day: string, value: string) => {
        lookups++;
        return store.correlated(day, value);
      },
    });
    await new CallService(counting, () => Promise.resolve([])).flow('many@x', row.ts, true, true);
    assert.ok(lookups <= 32 * 3, `${lookups} lookups over 3 days`);
    assert.ok(lookups > 0);
  });
});
