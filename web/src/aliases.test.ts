import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasLookup, canonicalIp, endpoint } from './aliases';

test('addresses compare in canonical form (as the server does)', () => {
  assert.equal(canonicalIp('010.000.000.001'), '10.0.0.1');
  assert.equal(canonicalIp('2001:DB8:0:0:0:0:0:0001'), '2001:db8::1');
  assert.equal(canonicalIp('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
  assert.equal(canonicalIp('::ffff:10.0.0.1'), '::ffff:10.0.0.1');
  assert.equal(canonicalIp('::FFFF:a00:1'), '::ffff:10.0.0.1');
  assert.equal(canonicalIp('[fe80::1]'), 'fe80::1');
  assert.equal(canonicalIp(' Host.Example '), 'host.example');
  assert.equal(endpoint('2001:db8::1', 5060), '[2001:db8::1]:5060');
});

test('an alias for ip:port wins over one for the ip alone', () => {
  const find = aliasLookup([{ ip: '10.0.0.2', port: null, name: 'sbc' }, { ip: '10.0.0.2', port: 5080, name: 'sbc-trunk' }, { ip: '2001:DB8::1', port: 0, name: 'v6' }]);
  assert.equal(find('10.0.0.2', 5060), 'sbc');
  assert.equal(find('10.0.0.2', 5080), 'sbc-trunk');
  assert.equal(find('2001:db8:0::1', 5060), 'v6');
  assert.equal(find('10.0.0.3', 5060), null);
});
