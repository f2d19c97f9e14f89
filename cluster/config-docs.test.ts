import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fieldsOf } from '../src/config/section.js';
import { envName } from '../src/config/load.js';
import { allSections } from '../src/cli/main.js';
import { clusterKit } from './cli-kit.js';
import { CONFIG_DOC, configDocText } from './config-docs.js';

describe('docs/configuration.md', () => {
  test('is what `npm run docs:config` writes from the declarations (run it after changing a key)', () => {
    const committed = readFileSync(CONFIG_DOC, 'utf8');
    const fresh = configDocText();
    if (committed === fresh) return;
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    assert.fail(`docs/configuration.md is out of step with the config declarations from line ${at + 1}:\n  committed: ${a[at]}\n  declared:  ${b[at]}\nrun: npm run docs:config`);
  });

  test('has one row per key of every section, naming its environment variable', () => {
    const text = configDocText();
    const fields = fieldsOf(allSections(clusterKit));
    assert.ok(fields.some((f) => f.path === 'deploy.cassandraNodes'), 'the kit\'s sections are included');
    for (const f of fields) assert.match(text, new RegExp(`^\\| \`${f.path}\` \\|.*\\| \`${envName(f.path)}\` \\|`, 'm'), f.path);
    assert.equal(text.split('\n').filter((l) => l.startsWith('| `')).length, fields.length);
  });
});
