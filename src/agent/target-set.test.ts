// Routing over capture nodes with fake targets: one call one node, failover moves only the
// failed node's calls and sends its recent messages again, recovery moves them back, the
// buffer is bounded with counted drops, and order is kept while messages wait.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../log/logger.js';
import { AgentCounters } from './counters.js';
import { TargetSet } from './target-set.js';
import type { Target, TargetEvents } from './target.js';

class FakeTarget implements Target {
  up = true;
  congested = false;
  got: string[] = [];
  constructor(readonly name: string, private events: TargetEvents) {}
  send(msg: Buffer): boolean {
    if (!this.up || this.congested) return false;
    this.got.push(msg.toString());
    return true;
  }
  settled(): Promise<void> {
    return Promise.resolve();
  }
  async close(): Promise<void> {}
  setUp(up: boolean): void {
    this.up = up;
    if (up) this.events.up(this);
    else this.events.down(this, 'test');
  }
  uncongest(): void {
    this.congested = false;
    this.events.drain(this);
  }
}

let open: TargetSet[] = [];
afterEach(async () => {
  for (const s of open) await s.close(0);
  open = [];
});

function setup(n: number, opt = { bufferPackets: 1000, resendMs: 3000 }) {
  let now = 1_000_000;
  const registry = new Registry();
  const counters = new AgentCounters(registry);
  let fakes: FakeTarget[] = [];
  const set = new TargetSet((ev) => (fakes = Array.from({ length: n }, (_, i) => new FakeTarget(`node${i}`, ev))), opt, counters, silentLogger(), () => now);
  open.push(set);
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values.reduce((a, v) => a + v.value, 0);
  return { set, fakes, counters, metric, tick: (ms: number) => (now += ms) };
}

const calls = Array.from({ length: 200 }, (_, i) => `call-${i}@host`);
const owner = (fakes: FakeTarget[], callId: string) => fakes.filter((f) => f.got.some((m) => m.startsWith(`${callId}#`))).map((f) => f.name);

describe('TargetSet', () => {
  test('every message of a call goes to one node; calls spread over all nodes', () => {
    const { set, fakes } = setup(3);
    for (let k = 0; k < 3; k++) for (const c of calls) set.send(c, Buffer.from(`${c}#${k}`));
    for (const c of calls) assert.equal(owner(fakes, c).length, 1, c);
    for (const f of fakes) assert.ok(f.got.length > 100, `${f.name} got ${f.got.length} of 600`);
  });

  test('a node going down: only its calls move, its recent messages are sent again; recovery moves them back', async () => {
    const { set, fakes, tick, metric } = setup(3);
    for (const c of calls) set.send(c, Buffer.from(`${c}#1`));
    const before = new Map(calls.map((c) => [c, owner(fakes, c)[0]!]));
    const onNode0 = calls.filter((c) => before.get(c) === 'node0');
    tick(1000);
    fakes[0]!.setUp(false);
    assert.equal(await metric('siptrail_agent_resent_total'), onNode0.length);
    for (const c of onNode0) assert.equal(owner([fakes[1]!, fakes[2]!], c).length, 1, `${c}#1 sent again to one other node`);
    for (const c of calls) set.send(c, Buffer.from(`${c}#2`));
    for (const c of calls.filter((x) => before.get(x) !== 'node0')) {
      const f = fakes.find((x) => x.name === before.get(c))!;
      assert.ok(f.got.includes(`${c}#2`), 'calls of the healthy nodes stay where they were');
    }
    fakes[0]!.setUp(true);
    for (const c of calls) set.send(c, Buffer.from(`${c}#3`));
    for (const c of onNode0) assert.ok(fakes[0]!.got.includes(`${c}#3`), 'back on its node after recovery');
    assert.equal(await metric('siptrail_agent_target_down_total'), 1);
  });

  test('messages older than resendMs are not sent again', async () => {
    const { set, fakes, tick, metric } = setup(1, { bufferPackets: 1000, resendMs: 500 });
    set.send('a', Buffer.from('a#old'));
    tick(1000);
    set.send('a', Buffer.from('a#new'));
    fakes[0]!.setUp(false);
    assert.equal(await metric('siptrail_agent_resent_total'), 1);
    assert.equal(set.buffered, 1);
  });

  test('no node up: messages wait (bounded, oldest dropped and counted) and leave in order when one comes back', async () => {
    const { set, fakes, metric } = setup(2, { bufferPackets: 100, resendMs: 0 });
    fakes[0]!.setUp(false);
    fakes[1]!.setUp(false);
    for (let i = 0; i < 150; i++) set.send('call-x', Buffer.from(`call-x#${i}`));
    assert.equal(set.buffered, 100);
    assert.equal(await metric('siptrail_agent_dropped_total'), 50);
    assert.equal(await metric('siptrail_agent_buffered'), 100);
    fakes[1]!.setUp(true);
    assert.equal(set.buffered, 0);
    assert.deepEqual(fakes[1]!.got, Array.from({ length: 100 }, (_, i) => `call-x#${i + 50}`));
  });

  test('a congested node holds its messages back without reordering; drain lets them go', () => {
    const { set, fakes } = setup(1);
    set.send('c', Buffer.from('c#0'));
    fakes[0]!.congested = true;
    set.send('c', Buffer.from('c#1'));
    set.send('c', Buffer.from('c#2'));
    fakes[0]!.congested = false;
    set.send('c', Buffer.from('c#3')); // must not overtake #1 and #2
    assert.deepEqual(fakes[0]!.got, ['c#0']);
    fakes[0]!.uncongest();
    assert.deepEqual(fakes[0]!.got, ['c#0', 'c#1', 'c#2', 'c#3']);
  });

  test('close waits for waiting messages, then counts what no node took', async () => {
    const { set, fakes, metric } = setup(1);
    fakes[0]!.setUp(false);
    set.send('c', Buffer.from('c#0'));
    await set.close(50);
    assert.equal(await metric('siptrail_agent_dropped_total'), 1);
    open = [];
  });
});
