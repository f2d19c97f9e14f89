import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVia } from './via.js';

describe('parseVia', () => {
  const cases: Array<[string, [string, string, string]]> = [
    ['SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport', ['UDP', '192.0.2.10:5060', 'z9hG4bK74bf9']],
    ['SIP/2.0/tcp [2001:db8::10]:5062;branch=z9hG4bK6', ['TCP', '[2001:db8::10]:5062', 'z9hG4bK6']],
    ['SIP / 2.0 / UDP\t192.0.2.55:5080 ;branch=z9hG4bKfold1', ['UDP', '192.0.2.55:5080', 'z9hG4bKfold1']],
    ['SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKmsg1', ['WSS', 'df7jal23ls0d.invalid', 'z9hG4bKmsg1']],
    ['SIP/2.0/TLS host', ['TLS', 'host', '']],
    ['SIP/2.0/UDP h;received="1;2";branch=b', ['UDP', 'h', 'b']],
    ['garbage', ['', '', '']],
    ['', ['', '', '']],
  ];
  for (const [input, [transport, sentBy, branch]] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseVia(input), { transport, sentBy, branch }));
  }
});
