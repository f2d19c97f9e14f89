import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasLookup as serverLookup, canonicalIp as serverCanonical, hostKey } from '../../src/flow/alias-lookup.js';
import { aliasLookup, canonicalIp, endpoint } from './aliases';

test('the UI names hosts with the very code the server uses (one definition, tested in src/flow/alias-lookup.test.ts)', () => {
  assert.equal(aliasLookup, serverLookup);
  assert.equal(canonicalIp, serverCanonical);
  assert.equal(endpoint, hostKey);
  assert.equal(endpoint('2001:DB8::1', 5060), '[2001:db8::1]:5060');
  assert.equal(aliasLookup([{ ip: '::ffff:10.0.0.2', port: null, name: 'sbc' }])('::ffff:a00:2', 5060), 'sbc');
});
