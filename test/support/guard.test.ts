import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countLines, folderOf, within } from './guard.js';

test('folderOf: src and web/src count by their second level, the rest by the top folder', () => {
  assert.equal(folderOf('src/store/cassandra/client.ts'), 'src/store');
  assert.equal(folderOf('src/store'), 'src/store');
  assert.equal(folderOf('web/src/pages/flow.ts'), 'web/src');
  assert.equal(folderOf('test/support/rows.ts'), 'test');
  assert.equal(folderOf('cluster'), 'cluster');
});

test('within: a folder holds itself and what is under it, not a name that starts the same', () => {
  assert.ok(within('src/store/cassandra', ['src/store']));
  assert.ok(within('src/store', ['src/store/']));
  assert.ok(!within('src/storefront/x.ts', ['src/store']));
  assert.ok(within('anything', []));
});

test('countLines: one line per folder and rule, by folder, then most first', () => {
  const v = (where: string, rule: string) => ({ where, rule, text: '' });
  const lines = countLines([v('src/hep/a.ts', 'r1'), v('src/hep/b.ts', 'r2'), v('src/hep/c.ts', 'r2'), v('cluster/x.ts', 'r1')]);
  assert.deepEqual(lines.map((l) => l.trim().split(/\s+/)), [['cluster', 'r1', '1'], ['src/hep', 'r2', '2'], ['src/hep', 'r1', '1']]);
});
