import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryDirectory } from '../../store/memory/memory-directory.js';
import { sessionSecret } from './session-secret.js';

test('the session secret is 32 random bytes, made once and then the same for every caller', async () => {
  const shared = new MemoryDirectory();
  const first = await sessionSecret(shared);
  assert.equal(first.length, 32);
  assert.ok(first.some((b) => b !== 0));
  assert.deepEqual(await sessionSecret(shared), first);
  assert.notDeepEqual(await sessionSecret(new MemoryDirectory()), first, 'another cluster makes its own');
});
