import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { noRestarts, parseRestarts, readRestarts, restartsText, withExit, withGaveUp, withRestart, writeRestarts } from './restarts-file.js';

const exit = (at: string, reason: string) => ({ at, pid: 4242, reason, log: ['Terminating due to java.lang.OutOfMemoryError: Java heap space'] });

describe('restarts.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'siptrail-restarts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a node without the file has no restarts', () => {
    assert.deepEqual(readRestarts(dir), noRestarts());
    assert.equal(restartsText(readRestarts(dir), true), 'restarts 0');
  });

  test('exit, restart, exit, restart: count, times and the last exit reason round-trip through the file', () => {
    let r = withExit(noRestarts(), exit('2025-11-23T14:02:11.120Z', 'exit code 3: java.lang.OutOfMemoryError: Java heap space'));
    r = withRestart(r, '2025-11-23T14:02:13.500Z');
    r = withExit(r, exit('2025-11-23T14:05:00.000Z', 'killed by SIGKILL'));
    r = withRestart(r, '2025-11-23T14:05:04.000Z');
    writeRestarts(dir, r);
    assert.deepEqual(readdirSync(dir), ['restarts.json'], 'no temporary file left');
    const back = readRestarts(dir);
    assert.deepEqual(back, r);
    assert.equal(back.count, 2);
    assert.deepEqual(back.restarts.map((e) => e.reason), ['exit code 3: java.lang.OutOfMemoryError: Java heap space', 'killed by SIGKILL']);
    assert.equal(restartsText(back, true), 'restarts 2 (last 2025-11-23T14:05:04Z: killed by SIGKILL)');
  });

  test('gave up shows while the node is down, not once it runs again, and can be cleared', () => {
    const r = withGaveUp(withRestart(withExit(noRestarts(), exit('2025-11-23T14:10:00.000Z', 'exit code 3')), '2025-11-23T14:10:02.000Z'), '2025-11-23T14:11:00.000Z', '6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min)');
    assert.equal(restartsText(r, false), 'restarts 1 (last 2025-11-23T14:10:02Z: exit code 3); gave up 2025-11-23T14:11:00Z after 6 exits in 7 min 40 s (local.restartLimit 5 restarts within local.restartWindowMin 10 min)');
    assert.doesNotMatch(restartsText(r, true), /gave up/);
    assert.equal(withGaveUp(r, '2025-11-23T15:00:00.000Z', null).gaveUp, null);
  });

  test('only the last 20 restarts are listed; the count goes on', () => {
    let r = noRestarts();
    for (let i = 0; i < 25; i++) r = withRestart(withExit(r, exit(`t${i}`, `exit ${i}`)), `r${i}`);
    assert.equal(r.count, 25);
    assert.equal(r.restarts.length, 20);
    assert.deepEqual(r.restarts[0], { at: 'r5', reason: 'exit 5' });
  });

  test('an unreadable or foreign file counts as no restarts rather than failing status', () => {
    assert.deepEqual(parseRestarts('{ torn'), noRestarts());
    assert.deepEqual(parseRestarts('{"count": -3, "restarts": [{"at": 1}], "lastExit": {"at": "x"}, "gaveUp": "yes"}'), noRestarts());
    writeFileSync(join(dir, 'restarts.json'), 'null');
    assert.deepEqual(readRestarts(dir), noRestarts());
  });
});
