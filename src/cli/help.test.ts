import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SECTIONS } from '../config/fields.js';
import { envName } from '../config/load.js';
import { fieldsOf } from '../config/section.js';
import { helpText } from './help.js';

describe('helpText', () => {
  const text = helpText(SECTIONS, [{ help: '  extra do        what an added command does\n' }]);

  test('every key with its environment variable and help, from the declarations', () => {
    for (const f of fieldsOf(SECTIONS)) {
      const line = text.split('\n').find((l) => l.startsWith(`  --${f.path} `));
      assert.ok(line, `no line for ${f.path}`);
      assert.ok(line.includes(envName(f.path)) && line.endsWith(f.help), line);
    }
  });

  test('the short flags, and the lines of the commands it was given', () => {
    assert.match(text, /^ {2}--nodes V +\(same as --local\.nodes\)$/m);
    assert.match(text, /^ {2}extra do +what an added command does$/m);
    assert.doesNotMatch(text, /^ {2}deploy up/m, 'no command it was not given');
  });
});
