import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, printable } from './logger.js';

test('printable shows control characters as escapes and leaves other text alone', () => {
  assert.equal(printable('call\r\nX-Forged: 1\u001b[31m\u0000 ünïcode ☎'), 'call\\r\\nX-Forged: 1\\x1b[31m\\x00 ünïcode ☎');
  assert.equal(printable('\u0085\u007f\t'), '\\x85\\x7f\\t');
});

test('a pretty log line cannot be split or recoloured by text from a packet', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', format: 'pretty' }, true);
  log.clear();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings declare Stream apart from the TransportStream class it extends
  log.add(new winston.transports.Stream({ stream: new Writable({ write: (chunk: Buffer, _e, cb) => { lines.push(chunk.toString()); cb(); } }) }));
  log.warn('rejected packet: bad Call-ID "a\r\nINFO forged\u001b[2J"', { from: '10.0.0.1\n' });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.trimEnd().split('\n').length, 1);
  assert.match(lines[0], /bad Call-ID "a\\r\\nINFO forged\\x1b\[2J" \{"from":"10\.0\.0\.1\\n"\}/);
});
