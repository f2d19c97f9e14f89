import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Barrier } from './barrier.js';

test('wait() resolves only when every party has arrived', async () => {
  const b = new Barrier(3);
  let released = false;
  void b.wait().then(() => {
    released = true;
  });
  b.arrive();
  b.arrive();
  await new Promise((r) => setImmediate(r));
  assert.equal(released, false, 'two of three');
  b.arrive();
  await new Promise((r) => setImmediate(r));
  assert.equal(released, true);
  b.arrive(); // an extra arrival changes nothing
  await b.wait();
});

test('a barrier of no parties is open', async () => {
  await new Barrier(0).wait();
});
