import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { dropsIn, procNetLocal, readUdpDrops, UdpDropWatch } from './udp-kernel-drops.js';

// Two rows as Linux 6.x prints them (little-endian host), plus the header line.
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  7: 0101007F:4A7E 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81234 2 0000000000000000 1161
  9: 0201007F:4A7E 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81240 2 0000000000000000 5
`;

describe('procNetLocal', () => {
  it('writes an IPv4 address word by word in the host order, the port big-endian', () => {
    assert.equal(procNetLocal('127.0.1.1', 19070, true), '0101007F:4A7E');
    assert.equal(procNetLocal('127.0.1.1', 19070, false), '7F000101:4A7E');
    assert.equal(procNetLocal('0.0.0.0', 9060, true), '00000000:2364');
  });
  it('writes IPv6 as four words, each in the host order', () => {
    assert.equal(procNetLocal('::1', 9060, true), '00000000000000000000000001000000:2364');
    assert.equal(procNetLocal('::', 9060, true), `${'0'.repeat(32)}:2364`);
  });
  it('refuses what is not an address or a port', () => {
    assert.equal(procNetLocal('localhost', 9060), null);
    assert.equal(procNetLocal('10.0.0.1', 70000), null);
  });
});

describe('dropsIn', () => {
  it('reads the drops of the socket on that address and port only', () => {
    assert.equal(dropsIn(UDP, '0101007F:4A7E'), 1161);
    assert.equal(dropsIn(UDP, '0201007F:4A7E'), 5);
  });
  it('is null for a socket the table does not list, and skips lines that are not rows', () => {
    assert.equal(dropsIn(UDP, '0301007F:4A7E'), null);
    assert.equal(dropsIn('garbage\n\n1 2 3', '0101007F:4A7E'), null);
  });
});

describe('readUdpDrops', { skip: existsSync('/proc/net/udp') ? false : 'no /proc/net/udp (not Linux)' }, () => {
  it('finds a real bound socket, with no drops, and null once it is closed', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    assert.equal(readUdpDrops('127.0.0.1', port), 0);
    await new Promise<void>((r) => sock.close(r));
    assert.equal(readUdpDrops('127.0.0.1', port), null);
  });
  it('counts datagrams the kernel discarded when the receive buffer was full', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    sock.setRecvBufferSize(4096);
    const port = sock.address().port;
    // 200 datagrams of 1,000 bytes sent in one go overflow a 4 KiB buffer before the loop reads any.
    const out = createSocket('udp4');
    const payload = Buffer.alloc(1000, 1);
    for (let i = 0; i < 200; i++) out.send(payload, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 200));
    const drops = readUdpDrops('127.0.0.1', port);
    out.close();
    await new Promise<void>((r) => sock.close(r));
    assert.ok(drops !== null && drops > 0, `expected kernel drops, got ${String(drops)}`);
  });
});

describe('UdpDropWatch', () => {
  it('sums the sockets and reports growth once', () => {
    const counts = new Map([['a', 3], ['b', null]]);
    const w = new UdpDropWatch([{ address: 'a', port: 1 }, { address: 'b', port: 2 }], (ip) => counts.get(ip) ?? null);
    assert.equal(w.total(), 3);
    assert.equal(w.check(), 3);
    assert.equal(w.check(), 0);
    counts.set('b', 4);
    assert.equal(w.check(), 4);
    assert.equal(w.total(), 7);
  });
});
