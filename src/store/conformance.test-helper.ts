// The store conformance suite: what every implementation of the storage interfaces
// (store/stores.ts) must do, registered as node:test tests. store/conformance.test.ts runs
// it against the memory stores, test/integration/store-conformance.test.ts against
// Cassandra, so the fakes cannot drift from the product. One store serves the whole suite;
// every test uses its own keys (with a per-run prefix), so a shared keyspace needs no
// cleaning between tests or runs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { directoryConformance } from './conformance/directory.test-helper.js';
import { messageConformance } from './conformance/messages.test-helper.js';
import { userConformance } from './conformance/users.test-helper.js';
import type { Stores } from './stores.js';

/** A store to check: every interface over the same data, and how to release it. */
export interface StoresUnderTest {
  stores: Stores;
  close(): Promise<void>;
}

/** Registers the conformance tests for the stores `open` returns (opened once, for the suite). */
export function storeConformance(name: string, open: () => Promise<StoresUnderTest>): void {
  describe(`store conformance: ${name}`, () => {
    let opened: StoresUnderTest | undefined;
    const run = randomBytes(4).toString('hex');
    const stores = (): Stores => {
      if (!opened) throw new Error('the store under test did not open');
      return opened.stores;
    };
    before(async () => {
      opened = await open();
    });
    after(async () => {
      await opened?.close();
    });

    test('health: a working store answers ok', async () => {
      assert.deepEqual(await stores().health(), { ok: true });
    });
    messageConformance(stores, run);
    userConformance(stores, run);
    directoryConformance(stores, run);
  });
}
