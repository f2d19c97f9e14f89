import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../../test/support/rows.js';
import { memoryStores } from './stores.js';

test('memoryStores: writer and reader are one store; health follows its outage switch', async () => {
  const s = memoryStores();
  await s.writer.write([makeRow({ callId: 'one@x' })]);
  assert.equal((await s.reader.getCall('2025-11-24', 'one@x')).length, 1);
  assert.equal(s.messages.count(), 1);
  assert.deepEqual(await s.health(), { ok: true });
  s.messages.setDown(true);
  const down = await s.health();
  assert.ok(!down.ok);
  assert.match(down.reason, /memory store unreachable: .*down/);
  s.messages.setDown(false);
  assert.deepEqual(await s.health(), { ok: true });
});

test('memoryStores: every call gives fresh, empty stores', async () => {
  const a = memoryStores();
  await a.directory.registerLocation('lab', 'n1');
  await a.users.put({ username: 'u', role: 'admin', passwordHash: 'h', disabled: false, createdAt: new Date(0) });
  const b = memoryStores();
  assert.deepEqual(await b.directory.locations(), []);
  assert.deepEqual(await b.users.list(), []);
  assert.equal(b.messages.count(), 0);
});
