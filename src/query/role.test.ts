// The query role over the memory stores: the first admin, a session secret shared by every
// node on the same stores, and its routers answering over HTTP from the reader and the
// directory it was given.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import winston from 'winston';
import { callFlow } from '../../test/support/call-flows.js';
import { defaultConfig } from '../config/fields.js';
import type { Config } from '../config/types.js';
import { startHttp } from '../http/server.js';
import { silentLogger } from '../log/logger.js';
import type { SystemStatus } from './status-body.js';
import { wireRows } from '../flow/wire-rows.test-helper.js';
import { memoryStores } from '../store/memory/stores.js';
import { startQueryRole } from './role.js';

const STATUS: SystemStatus = { storage: { up: true, downSince: null, reason: null, checkedAt: null }, capture: null, cassandra: null };

function queryConfig(admin: Partial<Config['query']> = {}): Config {
  const cfg = defaultConfig();
  cfg.query = { ...cfg.query, adminUser: 'boss', adminPassword: 'boss-password-1', ...admin };
  return cfg;
}

test('first start creates the admin; a second node on the same stores adds none and accepts the first node\'s sessions', async () => {
  const stores = memoryStores();
  const one = await startQueryRole(queryConfig(), { stores, log: silentLogger(), status: () => STATUS });
  assert.deepEqual((await stores.users.list()).map((u) => [u.username, u.role]), [['boss', 'admin']]);
  const login = await one.auth.login('boss', 'boss-password-1', '127.0.0.1');
  assert.ok(login.ok);
  const two = await startQueryRole(queryConfig({ adminUser: 'other', adminPassword: 'other-password-1' }), { stores, log: silentLogger(), status: () => STATUS });
  assert.equal((await stores.users.list()).length, 1, 'users exist: no second first admin');
  assert.deepEqual(await two.auth.authenticate(login.value.token), { username: 'boss', role: 'admin' });
  const elsewhere = await startQueryRole(queryConfig(), { stores: memoryStores(), log: silentLogger(), status: () => STATUS });
  assert.equal(await elsewhere.auth.authenticate(login.value.token), null, 'another cluster has another secret');
});

test('without query.adminPassword a password is generated into a 0600 file; the log names the file, not the password', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk, _enc, next) => {
      lines.push(String(chunk).trimEnd());
      next();
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings declare its transports apart from the TransportStream class they extend
  const log = winston.createLogger({ format: winston.format.printf(({ level, message }) => `${level} ${String(message)}`), transports: [new winston.transports.Stream({ stream })] });
  const file = join(mkdtempSync(join(tmpdir(), 'siptrail-admin-')), 'state', 'admin-password');
  const role = await startQueryRole(queryConfig({ adminPassword: '', adminPasswordFile: file }), { stores: memoryStores(), log, status: () => STATUS });
  const [line, ...rest] = lines;
  assert.equal(rest.length, 0);
  assert.equal(line, `warn created the first admin "boss"; its generated password is in ${file} (mode 0600; shown nowhere else): log in with it and change it, or set query.adminPassword`);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  assert.ok(password.length >= 16);
  assert.ok(!line.includes(password));
  assert.equal((await role.auth.login('boss', password, '127.0.0.1')).ok, true);
});

test('an admin name the API would refuse stops the start, naming the setting', async () => {
  await assert.rejects(startQueryRole(queryConfig({ adminUser: 'not a name' }), { stores: memoryStores(), log: silentLogger(), status: () => STATUS }), /query\.adminUser\/adminPassword: username "not a name"/);
});

test('the routers answer over HTTP from the stores given: search, status, and an alias change seen at once', async () => {
  const stores = memoryStores();
  const t0 = 1_763_974_800_000_000n;
  await stores.writer.write(wireRows(callFlow({ callId: 'q@x', from: '+4930111', to: '0211234567', t0 })));
  const role = await startQueryRole(queryConfig(), { stores, log: silentLogger(), status: () => STATUS });
  const http = await startHttp('127.0.0.1:0', role.routers, silentLogger(), role.middleware);
  try {
    const base = `http://127.0.0.1:${http.port}/api/v1`;
    const login = await role.auth.login('boss', 'boss-password-1', '127.0.0.1');
    assert.ok(login.ok);
    const headers = { Authorization: `Bearer ${login.value.token}`, 'Content-Type': 'application/json' };
    const found = await fetch(`${base}/search`, { method: 'POST', headers, body: JSON.stringify({ from: '2025-11-24T08:00:00Z', to: '2025-11-24T10:00:00Z', fields: { callId: 'q@x' } }) });
    assert.equal(((await found.json()) as { messages: unknown[] }).messages.length, 7);
    assert.deepEqual(await (await fetch(`${base}/status`, { headers })).json(), STATUS);
    assert.deepEqual(await (await fetch(`${base}/aliases`, { headers })).json(), []);
    assert.equal((await fetch(`${base}/aliases`, { method: 'PUT', headers, body: JSON.stringify({ ip: '10.0.0.2', name: 'pbx' }) })).status, 200);
    // The alias cache keeps a read for 10 s, but a change on this node is seen at once.
    assert.deepEqual(await (await fetch(`${base}/aliases`, { headers })).json(), [{ ip: '10.0.0.2', port: null, name: 'pbx' }]);
  } finally {
    await http.close();
  }
});
