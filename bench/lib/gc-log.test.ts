import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GcLogTail, parsePause } from './gc-log.js';
import { quantile, slope } from './stats.js';

const FULL = '[2026-12-02T05:33:21.088+0000][266.152s][info][gc             ] GC(591) Pause Full (G1 Compaction Pause) 1021M->1021M(1024M) 1288.903ms';
const YOUNG = '[2026-12-02T05:33:21.099+0000][266.162s][info][gc             ] GC(592) Pause Young (Normal) (G1 Evacuation Pause) 1022M->300M(1024M) 4.541ms';

describe('parsePause', () => {
  test('reads a full and a young pause of a JDK 17 G1 log', () => {
    assert.deepEqual(parsePause(FULL), { at: new Date('2026-12-02T05:33:21.088Z'), kind: 'Pause Full (G1 Compaction Pause)', beforeMiB: 1021, afterMiB: 1021, capacityMiB: 1024, ms: 1288.903 });
    assert.equal(parsePause(YOUNG)?.afterMiB, 300);
    assert.equal(parsePause(YOUNG)?.kind, 'Pause Young (Normal) (G1 Evacuation Pause)');
  });

  test('ignores every other line', () => {
    assert.equal(parsePause('[2026-12-02T05:30:23.564+0000][88.627s][info][gc,cpu         ] GC(27) User=0.22s Sys=0.00s Real=0.17s'), null);
    assert.equal(parsePause(''), null);
    assert.equal(parsePause('GC(1) Pause Young 1M->1M(2M) 1ms'), null);
  });
});

describe('GcLogTail', () => {
  test('returns only new pauses, keeps a half-written line for later, and starts over after a rotation', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gclog-')), 'gc.log');
    writeFileSync(file, `${FULL}\n${YOUNG.slice(0, 40)}`);
    const tail = new GcLogTail(file);
    assert.equal(tail.read().length, 1);
    appendFileSync(file, `${YOUNG.slice(40)}\n`);
    assert.deepEqual(tail.read().map((p) => p.afterMiB), [300]);
    assert.deepEqual(tail.read(), []);
    writeFileSync(file, `${YOUNG}\n`);
    assert.deepEqual(tail.read().map((p) => p.afterMiB), [300]);
  });
});

describe('stats', () => {
  test('quantile by nearest rank', () => {
    assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
    assert.equal(quantile([1, 2, 3, 4, 100], 0.95), 100);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  test('slope of a line and of a flat series', () => {
    assert.equal(slope([[0, 1], [1, 3], [2, 5]]), 2);
    assert.equal(slope([[0, 7], [1, 7], [2, 7]]), 0);
    assert.equal(slope([[0, 7]]), 0);
  });
});

describe('lineChart', () => {
  test('draws one polyline per run of values, escapes text and marks the limit', async () => {
    const { lineChart } = await import('./svg-chart.js');
    const svg = lineChart('soak <1h>', 'minutes', [0, 1, 2, 3], [{ title: 'heap', unit: 'MiB', values: [1, 2, null, 4], limit: 10 }]);
    assert.equal(svg.match(/<polyline/g)?.length, 2);
    assert.ok(svg.includes('soak &lt;1h&gt;'));
    assert.ok(svg.includes('stroke-dasharray'));
  });
});
