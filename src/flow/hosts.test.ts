import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRow } from '../../test/support/rows.js';
import { hostColumns } from './hosts.js';

const hop = (srcIp: string, srcPort: number, dstIp: string, dstPort: number) => makeRow({ srcIp, srcPort, dstIp, dstPort });

test('hostColumns: columns in first-seen order, source before destination', () => {
  const rows = [hop('10.0.0.1', 5060, '10.0.0.5', 5060), hop('10.0.0.5', 5080, '10.0.0.2', 5060), hop('10.0.0.2', 5060, '10.0.0.5', 5080)];
  const { hosts, src, dst } = hostColumns(rows, []);
  assert.deepEqual(hosts.map((h) => h.key), ['10.0.0.1:5060', '10.0.0.5:5060', '10.0.0.5:5080', '10.0.0.2:5060']);
  assert.deepEqual(hosts.map((h) => h.label), hosts.map((h) => h.key));
  assert.deepEqual(src, [0, 2, 3]);
  assert.deepEqual(dst, [1, 3, 2]);
  assert.deepEqual(hosts[2], { key: '10.0.0.5:5080', label: '10.0.0.5:5080', ip: '10.0.0.5', port: 5080 });
});

test('hostColumns: an alias for ip and port wins over one for the ip alone (port null or 0)', () => {
  const rows = [hop('10.0.0.1', 5060, '10.0.0.5', 5060), hop('10.0.0.5', 5080, '10.0.0.9', 5060), hop('10.0.0.9', 5060, '10.0.0.7', 5060)];
  const aliases = [
    { ip: '10.0.0.5', port: null, name: 'SBC' },
    { ip: '10.0.0.5', port: 5080, name: 'SBC core side' },
    { ip: '10.0.0.9', port: 0, name: 'softswitch' },
    { ip: '10.0.0.1', port: 5061, name: 'caller over TLS' },
  ];
  assert.deepEqual(hostColumns(rows, aliases).hosts.map((h) => h.label), ['10.0.0.1:5060', 'SBC', 'SBC core side', 'softswitch', '10.0.0.7:5060']);
});

test('hostColumns: IPv6 keys are bracketed and aliases match in any spelling', () => {
  const rows = [hop('2001:db8::1', 5060, '2001:db8::2', 5060)];
  const { hosts } = hostColumns(rows, [{ ip: '2001:DB8:0:0::0001', port: 5060, name: 'P-CSCF' }]);
  assert.deepEqual(hosts.map((h) => [h.key, h.label]), [['[2001:db8::1]:5060', 'P-CSCF'], ['[2001:db8::2]:5060', '[2001:db8::2]:5060']]);
});
