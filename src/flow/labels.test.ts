import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { messageLabel } from './labels.js';

test('messageLabel: method, status with reason, HEP type name', () => {
  assert.equal(messageLabel(makeRow({ method: 'INVITE' })), 'INVITE');
  assert.equal(messageLabel(makeRow({ method: null, status: 486, reasonPhrase: 'Busy Here' })), '486 Busy Here');
  assert.equal(messageLabel(makeRow({ method: null, status: 200, reasonPhrase: null })), '200');
  assert.equal(messageLabel(makeRow({ method: null, status: null, protoType: 5 })), 'RTCP');
  assert.equal(messageLabel(makeRow({ method: null, status: null, protoType: 100 })), 'LOG');
  assert.equal(messageLabel(makeRow({ method: null, status: null, protoType: 77 })), 'HEP type 77');
});
