import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { makeRow } from '../../test/support/rows.js';
import { silentLogger } from '../log/logger.js';
import { MemoryMessageStore } from '../store/memory/memory-store.js';
import type { MessageRow, MessageWriter } from '../store/types.js';
import { CaptureCounters } from './counters.js';
import { WritePipeline, type PipelineOptions } from './pipeline.js';
import { Spool } from './spool.js';

/** n distinct rows; `tag` keeps the rows of different pushes apart. */
function rows(n: number, tag = 'r'): MessageRow[] {
  return Array.from({ length: n }, (_, i) => makeRow({ callId: `${tag}-${i % 3}@pipeline`, ts: 1_763_974_800_000_000n + BigInt(i), payload: Buffer.from(`INVITE sip:${tag}${i}@x SIP/2.0\r\n\r\n`) }));
}

const hex = (r: MessageRow) => r.id.toString('hex');

/** The memory store, plus every id it acknowledged, once per acknowledgement. */
class RecordingWriter implements MessageWriter {
  readonly acked: string[] = [];
  constructor(readonly store: MemoryMessageStore) {}
  async write(batch: MessageRow[]): Promise<void> {
    await this.store.write(batch);
    this.acked.push(...batch.map(hex));
  }
}

/** Polls `cond` until it holds; fails after a generous deadline (a hang, not a speed check). */
async function waitFor(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One pipeline under test with its own spool folder, registry and store. */
interface Rig {
  dir: string;
  store: MemoryMessageStore;
  writer: RecordingWriter;
  registry: Registry;
  spool: Spool;
  pipeline: WritePipeline;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

describe('WritePipeline', () => {
  const open: Rig[] = [];
  let dir: string;

  function rig(opt: Partial<PipelineOptions> = {}, spoolMaxBytes = 1 << 30, store = new MemoryMessageStore()): Rig {
    const registry = new Registry();
    const counters = new CaptureCounters(registry);
    const writer = new RecordingWriter(store);
    const spool = new Spool({ dir, maxBytes: spoolMaxBytes, fsync: 'never' });
    const pipeline = new WritePipeline(writer, spool, { batchSize: 10, flushMs: 10, maxQueue: 1000, maxInFlightBatches: 4, retryMs: 10, ...opt }, counters, silentLogger());
    const metric = async (name: string, labels: Record<string, string> = {}) => {
      const m = await registry.getSingleMetric(name)?.get();
      const v = m?.values.find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
      return v?.value ?? 0;
    };
    const r = { dir, store, writer, registry, spool, pipeline, metric };
    open.push(r);
    return r;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'siptrail-pipeline-'));
  });
  afterEach(async () => {
    for (const r of open.splice(0)) await r.pipeline.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sortedIds = (list: MessageRow[]) => list.map(hex).sort();

  test('an fsync that fails in the once-a-second timer is counted and logged; the node keeps its queue and goes on', async () => {
    const r = rig();
    r.spool.sync = () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await waitFor(async () => (await r.metric('siptrail_capture_spool_errors_total', { op: 'fsync' })) >= 1, 'an fsync failure counted');
    for (const row of rows(10)) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_stored_total')) === 10, 'rows still stored after it');
  });

  test('a spool write that fails is counted as such (spool-write-failed), not as a full spool', async () => {
    const down = new MemoryMessageStore();
    down.setDown(true);
    const r = rig({ maxQueue: 10 }, 1 << 30, down);
    r.spool.append = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    for (const row of rows(40)) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_dropped_total', { reason: 'spool-write-failed' })) > 0, 'drops counted by their cause');
    assert.equal(await r.metric('siptrail_capture_dropped_total', { reason: 'spool-full' }), 0);
    assert.ok((await r.metric('siptrail_capture_spool_errors_total', { op: 'write' })) >= 1);
  });

  test('a full batch is written at once (flush by count); a partial one waits for the timer or close()', async () => {
    const r = rig({ batchSize: 10, flushMs: 60_000 });
    const pushed = rows(35);
    for (const row of pushed.slice(0, 30)) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_stored_total')) === 30, '30 rows written by count');
    await tick(); // let the last write's bookkeeping finish: nothing in flight from here
    assert.deepEqual(r.store.batchSizes, [10, 10, 10]);
    // 5 more rows are less than a batch and wait for flushMs (a minute) or close().
    for (const row of pushed.slice(30)) r.pipeline.push(row);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(r.store.count(), 30);
    assert.equal(r.pipeline.pending, 5);
    await r.pipeline.close();
    assert.deepEqual(r.store.batchSizes, [10, 10, 10, 5]);
    assert.deepEqual(sortedIds(r.store.all()), sortedIds(pushed));
    assert.deepEqual(r.writer.acked.sort(), sortedIds(pushed));
    assert.equal(await r.metric('siptrail_capture_stored_total'), 35);
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 0);
  });

  test('a partial batch is written after flushMs (flush by time)', async () => {
    const r = rig({ batchSize: 1000, flushMs: 10 });
    const pushed = rows(7);
    for (const row of pushed) r.pipeline.push(row);
    assert.equal(r.store.count(), 0);
    await waitFor(() => r.store.count() === 7, 'the timer to flush 7 rows');
    assert.deepEqual(r.store.batchSizes, [7]);
    assert.deepEqual(sortedIds(r.store.all()), sortedIds(pushed));
    await waitFor(async () => (await r.metric('siptrail_capture_stored_total')) === 7, 'stored counter');
  });

  test('store down: rows go to the spool, nothing is lost; store back: each row replayed and stored exactly once', async () => {
    const r = rig({ batchSize: 5 });
    r.store.setDown(true);
    const pushed = rows(23);
    for (const row of pushed) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_spooled_total')) === 23, 'all 23 rows spooled');
    assert.equal(r.store.count(), 0);
    assert.equal(r.spool.empty, false);
    assert.ok((await r.metric('siptrail_capture_write_errors_total')) >= 1);
    assert.equal(await r.metric('siptrail_capture_replayed_total'), 0);

    // Still down: later rows follow the first ones into the spool, not into the store.
    const more = rows(6, 'later');
    for (const row of more) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_spooled_total')) === 29, 'later rows spooled too');
    assert.deepEqual(r.pipeline.backlog(), { queuedRows: 0, spooledRows: 29 }, 'the backlog the status banner shows');

    r.store.setDown(false);
    await waitFor(async () => (await r.metric('siptrail_capture_replayed_total')) === 29, 'replay of 29 rows');
    const all = [...pushed, ...more];
    assert.deepEqual(sortedIds(r.store.all()), sortedIds(all));
    assert.deepEqual(r.writer.acked.sort(), sortedIds(all), 'every row acknowledged exactly once');
    assert.equal(await r.metric('siptrail_capture_spooled_total'), await r.metric('siptrail_capture_replayed_total'));
    assert.equal(await r.metric('siptrail_capture_stored_total'), 29);
    assert.equal(await r.metric('siptrail_capture_dropped_total', { reason: 'spool-full' }), 0);
    await waitFor(() => r.spool.empty, 'spool drained');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.spool')), []);
    assert.deepEqual(r.pipeline.backlog(), { queuedRows: 0, spooledRows: 0 });

    // Recovered: new rows are written directly again, without the spool.
    const after = rows(10, 'after');
    for (const row of after) r.pipeline.push(row);
    await waitFor(() => r.store.count() === 39, 'direct writes after recovery');
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 29);
  });

  test('one failed batch (failNext) degrades to the spool, then recovers on its own', async () => {
    const r = rig({ batchSize: 4, maxInFlightBatches: 1 });
    r.store.failNext(1);
    const pushed = rows(12);
    for (const row of pushed) r.pipeline.push(row);
    await waitFor(() => r.store.count() === 12, 'all rows stored after one failure');
    await waitFor(async () => (await r.metric('siptrail_capture_replayed_total')) === (await r.metric('siptrail_capture_spooled_total')), 'spooled == replayed');
    assert.ok((await r.metric('siptrail_capture_spooled_total')) >= 4, 'the failed batch went to the spool');
    assert.equal(await r.metric('siptrail_capture_write_errors_total'), 1);
    assert.deepEqual(r.writer.acked.sort(), sortedIds(pushed));
    assert.equal(await r.metric('siptrail_capture_stored_total'), 12);
  });

  test('rows beyond maxQueue overflow to the spool and are replayed', async () => {
    // One batch in flight and a queue of 10: a burst of 40 rows outruns the store.
    const r = rig({ batchSize: 5, maxQueue: 10, maxInFlightBatches: 1, flushMs: 60_000 });
    const pushed = rows(40);
    for (const row of pushed) r.pipeline.push(row);
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 25, '5 in flight, 10 queued, 25 spooled');
    await waitFor(async () => (await r.metric('siptrail_capture_replayed_total')) === 25, 'overflow replayed');
    await waitFor(() => r.store.count() === 40, 'all 40 stored');
    assert.deepEqual(r.writer.acked.sort(), sortedIds(pushed));
    assert.equal(await r.metric('siptrail_capture_stored_total'), 40);
    assert.equal(await r.metric('siptrail_capture_dropped_total', { reason: 'spool-full' }), 0);
  });

  test('a full spool drops rows and counts them under reason spool-full', async () => {
    const pushed = rows(10);
    const record = 8 + (await import('node:v8')).serialize(pushed[0]!).length;
    const r = rig({ batchSize: 5 }, record * 3 + 1);
    r.store.setDown(true);
    for (const row of pushed) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_spooled_total')) + (await r.metric('siptrail_capture_dropped_total', { reason: 'spool-full' })) === 10, 'every row spooled or dropped');
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 3);
    assert.equal(await r.metric('siptrail_capture_dropped_total', { reason: 'spool-full' }), 7);
    r.store.setDown(false);
    await waitFor(async () => (await r.metric('siptrail_capture_replayed_total')) === 3, 'the 3 spooled rows replayed');
    assert.equal(r.store.count(), 3);
    const ids = new Set(pushed.map(hex));
    for (const row of r.store.all()) assert.ok(ids.has(hex(row)));
  });

  test('close() while down leaves the rows in the spool; a new pipeline on the same folder replays them (restart)', async () => {
    const store = new MemoryMessageStore();
    store.setDown(true);
    const first = rig({ batchSize: 5 }, 1 << 30, store);
    const pushed = rows(12);
    for (const row of pushed) first.pipeline.push(row);
    await first.pipeline.close();
    assert.equal(await first.metric('siptrail_capture_spooled_total'), 12);
    assert.equal(store.count(), 0);
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.spool')));

    store.setDown(false);
    const second = rig({ batchSize: 5 }, 1 << 30, store);
    await waitFor(async () => (await second.metric('siptrail_capture_replayed_total')) === 12, 'replay after restart');
    assert.deepEqual(sortedIds(store.all()), sortedIds(pushed));
    assert.deepEqual(second.writer.acked.sort(), sortedIds(pushed));
    assert.equal(await second.metric('siptrail_capture_stored_total'), 12);
    await waitFor(() => second.spool.empty, 'spool drained after restart');
  });

  test('a replay decodes and writes one batch at a time, and the event loop turns between batches', async () => {
    const old = new Spool({ dir, maxBytes: 1 << 30, fsync: 'never' });
    const saved = rows(100);
    old.append(saved);
    await old.close();
    // Batches the writer got, and event-loop turns (setImmediate) seen while the replay ran.
    const batches: number[] = [];
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const r = rig({ batchSize: 10 });
    const write = r.writer.write.bind(r.writer);
    r.writer.write = (batch) => {
      batches.push(batch.length);
      return write(batch);
    };
    await waitFor(async () => (await r.metric('siptrail_capture_replayed_total')) === 100, 'replay of the earlier run');
    spinning = false;
    assert.deepEqual(batches, Array(10).fill(10), 'ten batches of batchSize rows');
    assert.ok(turns >= 10, `the event loop turned between batches (${turns} turns)`);
    assert.deepEqual(sortedIds(r.store.all()), sortedIds(saved));
  });

  test('a spool segment is read a slice at a time, up to its damage', async () => {
    const sp = new Spool({ dir, maxBytes: 1 << 30, fsync: 'never' });
    sp.append(rows(25));
    await sp.close();
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.spool'));
    const path = join(dir, file!);
    truncateSync(path, statSync(path).size - 3);
    const seg = new Spool({ dir, maxBytes: 1 << 30, fsync: 'never' }).openOldest();
    assert.ok(seg);
    assert.deepEqual([seg.next(10).length, seg.next(10).length, seg.next(10).length, seg.next(10).length], [10, 10, 4, 0]);
    assert.equal(seg.rowsRead, 24);
    assert.match(seg.corrupt ?? '', /claims \d+ bytes/);
  });

  test('a damaged spool segment found at start is replayed up to the damage and counted as spool-corrupt', async () => {
    const old = new Spool({ dir, maxBytes: 1 << 30, fsync: 'never' });
    const saved = rows(4);
    old.append(saved);
    await old.close();
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.spool'));
    const path = join(dir, file!);
    truncateSync(path, statSync(path).size - 3);

    const r = rig();
    await waitFor(async () => (await r.metric('siptrail_capture_dropped_total', { reason: 'spool-corrupt' })) === 1, 'damage counted');
    assert.deepEqual(sortedIds(r.store.all()), sortedIds(saved.slice(0, 3)));
    assert.equal(await r.metric('siptrail_capture_replayed_total'), 3);
    await waitFor(() => r.spool.empty, 'damaged segment removed');
  });

  test('a row the store refuses for good is dropped and counted alone; the rest of its batch is stored', async () => {
    const store = new MemoryMessageStore();
    const r = rig({ batchSize: 10 }, 1 << 30, store);
    const batch = rows(10, 'poison');
    store.rejectWhere((row) => row.id.equals(batch[4]!.id));
    for (const row of batch) r.pipeline.push(row);
    await waitFor(async () => (await r.metric('siptrail_capture_stored_total')) === 9, 'nine rows stored');
    assert.equal(await r.metric('siptrail_capture_dropped_total', { reason: 'store-rejected' }), 1);
    assert.equal(store.count(), 9);
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 0, 'a permanent refusal is not an outage');
  });

  test('idle() resolves during an outage once every row is in the spool', async () => {
    const r = rig({ batchSize: 5, retryMs: 50 });
    r.store.setDown(true);
    for (const row of rows(8)) r.pipeline.push(row);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      r.pipeline.idle().then(() => 'idle'),
      new Promise((res) => (timer = setTimeout(() => res('still waiting'), 5_000))),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, 'idle');
    assert.equal(await r.metric('siptrail_capture_spooled_total'), 8);
    assert.equal(r.pipeline.pending, 0);
  });
});
