import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import winston from 'winston';
import type { HealthCheck } from '../store/health.js';
import { StorageMonitor } from './storage-monitor.js';

/** A logger that keeps "level message" lines. */
function recordingLogger(): { log: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk, _enc, next) => {
      lines.push(String(chunk).trimEnd());
      next();
    },
  });
  const format = winston.format.printf(({ level, message }) => `${level} ${String(message)}`);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings declare its transports apart from the TransportStream class they extend
  return { log: winston.createLogger({ format, transports: [new winston.transports.Stream({ stream })] }), lines };
}

test('down once, still down, up: one error line, one info line, downSince kept through the outage, gauge follows', async () => {
  let answer: Awaited<ReturnType<HealthCheck>> = { ok: true };
  const { log, lines } = recordingLogger();
  const registry = new Registry();
  const m = new StorageMonitor(() => Promise.resolve(answer), log, registry);
  const gauge = async () => (await registry.getSingleMetric('siptrail_storage_up')!.get()).values[0]!.value;

  assert.equal((await m.check()).up, true);
  assert.equal(await gauge(), 1);
  answer = { ok: false, reason: 'cassandra unreachable: no answer within 2s' };
  const first = await m.check();
  assert.equal(first.up, false);
  assert.equal(first.reason, 'cassandra unreachable: no answer within 2s');
  assert.match(first.downSince!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(await gauge(), 0);
  await new Promise((r) => setTimeout(r, 5));
  answer = { ok: false, reason: 'cassandra unreachable: All host(s) tried for query failed' };
  const second = await m.check();
  assert.equal(second.downSince, first.downSince, 'the outage began at the first failed check');
  assert.equal(second.reason, 'cassandra unreachable: All host(s) tried for query failed', 'the latest reason');
  answer = { ok: true };
  assert.deepEqual({ ...(await m.check()), checkedAt: null }, { up: true, downSince: null, reason: null, checkedAt: null });
  assert.equal(await gauge(), 1);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^error storage down: cassandra unreachable: no answer within 2s; capture spools/);
  assert.match(lines[1]!, /^info storage up again: Cassandra answers after \d+ s down$/);
});

test('checks running at once share one health check; a throwing check counts as down', async () => {
  let calls = 0;
  const { log } = recordingLogger();
  const m = new StorageMonitor(async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 20));
    throw new Error('boom');
  }, log);
  const [a, b] = await Promise.all([m.check(), m.check()]);
  assert.equal(calls, 1);
  assert.deepEqual(a, b);
  assert.equal(a.reason, 'health check failed: boom');
});

test('start checks by itself until close', async () => {
  let calls = 0;
  const { log } = recordingLogger();
  const health = () => {
    calls++;
    return Promise.resolve({ ok: true as const });
  };
  const m = new StorageMonitor(health, log, undefined, 10).start();
  // Until three checks at most 2 s, not a fixed 60 ms: on a loaded machine (a full unit run
  // under c8, a benchmark beside it) timers fire late and an interval skips the ticks it missed.
  for (const deadline = Date.now() + 2000; calls < 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
  m.close();
  const seen = calls;
  assert.ok(seen >= 3, `${seen} checks`);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(calls, seen);
});
