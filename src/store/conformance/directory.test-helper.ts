// Conformance of the Directory (store/directory.ts): aliases keyed by (ip, port) with the
// any-port alias as port null, locations listed once and sorted, and a shared setting that
// keeps the first value made. Registered by store/conformance.test-helper.ts; names carry the run's prefix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alias } from '../directory.js';
import type { Stores } from '../stores.js';

const byPort = (a: Alias, b: Alias) => (a.port ?? -1) - (b.port ?? -1);

/** Registers the directory tests; `stores()` is the store under test, `run` a per-run prefix. */
export function directoryConformance(stores: () => Stores, run: string): void {
  describe('directory', () => {
    // Documentation addresses (RFC 3849), one per test and run, so a shared keyspace needs no cleaning.
    const ipOf = (test: number) => `2001:db8:${test}::${run.slice(0, 4)}:${run.slice(4, 8)}`;
    const aliasesOf = async (ip: string) => (await stores().directory.aliases()).filter((a) => a.ip === ip).sort(byPort);

    test('an alias per (ip, port); port null and 0 are the one any-port alias; put renames', async () => {
      const dir = stores().directory;
      const ip = ipOf(1);
      await dir.putAlias({ ip, port: null, name: 'sbc' });
      await dir.putAlias({ ip, port: 5080, name: 'sbc-trunk' });
      assert.deepEqual(await aliasesOf(ip), [{ ip, port: null, name: 'sbc' }, { ip, port: 5080, name: 'sbc-trunk' }]);
      await dir.putAlias({ ip, port: 0, name: 'sbc-renamed' });
      await dir.putAlias({ ip, port: 5080, name: 'trunk-2' });
      assert.deepEqual(await aliasesOf(ip), [{ ip, port: null, name: 'sbc-renamed' }, { ip, port: 5080, name: 'trunk-2' }]);
    });

    test('deleteAlias removes exactly the (ip, port) named; null is the any-port alias', async () => {
      const dir = stores().directory;
      const ip = ipOf(2);
      await dir.putAlias({ ip, port: null, name: 'any' });
      await dir.putAlias({ ip, port: 5060, name: 'exact' });
      await dir.deleteAlias(ip, 5061);
      await dir.deleteAlias(ipOf(3), null);
      assert.deepEqual((await aliasesOf(ip)).map((a) => a.name), ['any', 'exact'], 'another port or ip removes nothing');
      await dir.deleteAlias(ip, null);
      assert.deepEqual(await aliasesOf(ip), [{ ip, port: 5060, name: 'exact' }]);
      await dir.deleteAlias(ip, 5060);
      assert.deepEqual(await aliasesOf(ip), []);
    });

    test('a location is listed once however many nodes register it; the list is sorted', async () => {
      const dir = stores().directory;
      const [b, a] = [`zz-${run}-b`, `zz-${run}-a`];
      await dir.registerLocation(b, 'node-1');
      await dir.registerLocation(b, 'node-2');
      await dir.registerLocation(a, 'node-1');
      await dir.registerLocation(b, 'node-1');
      const all = await dir.locations();
      assert.deepEqual(all.filter((l) => l.includes(run)), [a, b]);
      assert.deepEqual(all, [...all].sort(), 'sorted');
    });

    test('a shared setting keeps the first value made; each name has its own', async () => {
      const dir = stores().directory;
      const name = `secret-${run}`;
      const first = await dir.sharedSetting(name, () => Uint8Array.from([1, 2, 3]));
      assert.deepEqual([...first], [1, 2, 3]);
      const again = await dir.sharedSetting(name, () => Uint8Array.from([9, 9, 9]));
      assert.deepEqual([...again], [1, 2, 3], 'a later caller gets the first value');
      const other = await dir.sharedSetting(`other-${run}`, () => Uint8Array.from([7]));
      assert.deepEqual([...other], [7]);
    });
  });
}
