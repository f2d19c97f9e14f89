import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientKey, siteKey } from './client-key.js';

describe('clientKey', () => {
  test('IPv4 is keyed per address', () => {
    assert.equal(clientKey('192.0.2.1'), 'v4:192.0.2.1');
    assert.notEqual(clientKey('192.0.2.1'), clientKey('192.0.2.2'));
  });

  test('an IPv4-mapped IPv6 address counts as its IPv4 address', () => {
    assert.equal(clientKey('::ffff:192.0.2.1'), 'v4:192.0.2.1');
  });

  test('IPv6 is keyed per /64, whatever the spelling', () => {
    const a = clientKey('2001:db8:1:2::1');
    assert.equal(a, 'v6:20010db800010002/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff:1:2:3'), a);
    assert.notEqual(clientKey('2001:db8:1:3::1'), a);
  });

  test('text that is no address still gets a bounded key', () => {
    assert.equal(clientKey('unknown'), 'other:unknown');
    assert.equal(clientKey('x'.repeat(1000)).length, 'other:'.length + 64);
  });
});

test('siteKey: an IPv6 address\'s /48; none for IPv4 or IPv4-mapped', () => {
  assert.equal(siteKey('2001:db8:77:1::1'), 'v6:20010db80077/48');
  assert.equal(siteKey('2001:db8:77:ffff::1'), 'v6:20010db80077/48');
  assert.equal(siteKey('192.0.2.1'), null);
  assert.equal(siteKey('::ffff:192.0.2.1'), null);
});
