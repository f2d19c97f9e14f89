// The host naming the call flow and the web UI's results table share (the UI re-exports it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aliasLookup, canonicalIp, hostKey } from './alias-lookup.js';

test('aliasLookup: an alias for ip:port wins over one for the ip alone (port null or 0); any spelling matches', () => {
  const find = aliasLookup([{ ip: '10.0.0.2', port: null, name: 'sbc' }, { ip: '10.0.0.2', port: 5080, name: 'sbc-trunk' }, { ip: '2001:DB8::1', port: 0, name: 'v6' }]);
  assert.equal(find('10.0.0.2', 5060), 'sbc');
  assert.equal(find('10.0.0.2', 5080), 'sbc-trunk');
  assert.equal(find('2001:db8:0::1', 5060), 'v6');
  assert.equal(find('[2001:0DB8::0001]', 1), 'v6');
  assert.equal(find('10.0.0.3', 5060), null);
});

test('aliasLookup: the first alias given for an address wins', () => {
  const lookup = aliasLookup([{ ip: '10.0.0.1', port: null, name: 'first' }, { ip: '10.0.0.1', port: null, name: 'second' }]);
  assert.equal(lookup('10.0.0.1', 1), 'first');
  assert.equal(lookup('10.0.0.2', 1), null);
});

test('canonicalIp / hostKey: addresses in the one stored text, other text kept lower-case', () => {
  assert.equal(canonicalIp(' 10.0.0.1 '), '10.0.0.1');
  assert.equal(canonicalIp('[2001:0DB8::0001]'), '2001:db8::1');
  assert.equal(canonicalIp('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
  assert.equal(canonicalIp('::FFFF:a00:1'), '::ffff:10.0.0.1');
  assert.equal(canonicalIp(' Host.Example '), 'host.example');
  // Leading zeros are no dotted quad (as net.isIP judges): the text is kept, not read as octal or decimal.
  assert.equal(canonicalIp('010.000.000.001'), '010.000.000.001');
  assert.equal(hostKey('::ffff:10.0.0.1', 5060), '[::ffff:10.0.0.1]:5060');
  assert.equal(hostKey('2001:db8::1', 5060), '[2001:db8::1]:5060');
  assert.equal(hostKey('10.0.0.1', 5060), '10.0.0.1:5060');
});
