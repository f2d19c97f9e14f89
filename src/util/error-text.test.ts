import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorText } from './error-text.js';

test('errorText: an Error gives its message, anything else its text', () => {
  assert.equal(errorText(new TypeError('bad')), 'bad');
  assert.equal(errorText('plain'), 'plain');
  assert.equal(errorText(42), '42');
  assert.equal(errorText(undefined), 'undefined');
});
