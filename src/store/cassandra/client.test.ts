import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmptyPool, retryEmptyPool } from './client.js';

test('retryEmptyPool retries the driver empty-pool error until the operation succeeds', async () => {
  let calls = 0;
  const got = await retryEmptyPool(() => {
    calls++;
    return calls < 3 ? Promise.reject(new Error('No connection available')) : Promise.resolve('rows');
  }, 5, 1);
  assert.equal(got, 'rows');
  assert.equal(calls, 3);
});

test('retryEmptyPool gives up after its tries and passes other errors through at once', async () => {
  let calls = 0;
  await assert.rejects(retryEmptyPool(() => { calls++; return Promise.reject(new Error('No connection available')); }, 4, 1), /No connection available/);
  assert.equal(calls, 4);
  calls = 0;
  await assert.rejects(retryEmptyPool(() => { calls++; return Promise.reject(new Error('syntax error')); }, 4, 1), /syntax error/);
  assert.equal(calls, 1);
  assert.equal(isEmptyPool(new Error('No connection available')), true);
  assert.equal(isEmptyPool(new Error('no host')), false);
});
