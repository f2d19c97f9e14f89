import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settled } from './settled.js';

test('settled: a value resolves', async () => {
  assert.equal(await settled(() => 42), 42);
});

test('settled: a throw rejects, never throws synchronously', async () => {
  let p: Promise<never> | undefined;
  assert.doesNotThrow(() => {
    p = settled(() => {
      throw new Error('boom');
    });
  });
  await assert.rejects(p!, /boom/);
});

test('settled: a thrown non-Error rejects with an Error naming it', async () => {
  await assert.rejects(
    settled(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: code that throws a string
      throw 'text';
    }),
    { message: 'text' },
  );
});
