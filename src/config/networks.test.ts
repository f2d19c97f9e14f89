import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowList } from './networks.js';

describe('allowList', () => {
  test('an empty list allows every sender', () => {
    const allowed = allowList([]);
    for (const a of ['10.1.2.3', '192.0.2.1', '2001:db8::1', '::ffff:203.0.113.9', 'not an address']) assert.equal(allowed(a), true, a);
  });

  test('IPv4 networks: members pass, others do not', () => {
    const allowed = allowList(['10.0.0.0/8', '192.168.10.0/24', '203.0.113.7']);
    for (const a of ['10.0.0.0', '10.255.255.255', '192.168.10.1', '192.168.10.255', '203.0.113.7']) assert.equal(allowed(a), true, a);
    for (const a of ['11.0.0.1', '9.255.255.255', '192.168.11.1', '203.0.113.8', '2001:db8::1', '', 'garbage']) assert.equal(allowed(a), false, a);
  });

  test('IPv6 networks: members pass, others do not', () => {
    const allowed = allowList(['2001:db8::/32', 'fd00::1']);
    for (const a of ['2001:db8::1', '2001:db8:ffff:ffff::', '2001:0db8:0000::42', 'fd00::1']) assert.equal(allowed(a), true, a);
    for (const a of ['2001:db9::1', 'fd00::2', '::1', '10.0.0.1']) assert.equal(allowed(a), false, a);
  });

  test('an IPv4-mapped IPv6 sender (dual-stack socket) is matched against IPv4 networks', () => {
    const allowed = allowList(['10.0.0.0/8']);
    assert.equal(allowed('::ffff:10.1.2.3'), true);
    assert.equal(allowed('::ffff:11.1.2.3'), false);
  });

  test('/0 admits its whole family only', () => {
    const v4 = allowList(['0.0.0.0/0']);
    assert.equal(v4('198.51.100.1'), true);
    assert.equal(v4('2001:db8::1'), false);
  });

  test('a bad network is refused at start-up, naming the key', () => {
    assert.throws(() => allowList(['10.0.0.0/33']), /capture\.allowNetworks: .*prefix must be 0\.\.32/);
    assert.throws(() => allowList(['not-a-net']), /capture\.allowNetworks: .*not an IP network/);
  });
});
