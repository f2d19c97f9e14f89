import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { autoHeapMb, memoryPlan, memtableSpaceMb, saiSegmentBufferMb } from './memory-plan.js';

const GIB = 2 ** 30;

describe('autoHeapMb', () => {
  test('a quarter of the memory shared by the nodes, in 256 MiB steps', () => {
    assert.equal(autoHeapMb(1, 24 * GIB), 6144);
    assert.equal(autoHeapMb(3, 24 * GIB), 2048);
    assert.equal(autoHeapMb(1, 23.5 * GIB), 5888);
  });

  test('never below 1 GiB nor above 8 GiB', () => {
    assert.equal(autoHeapMb(1, 2 * GIB), 1024);
    assert.equal(autoHeapMb(9, 8 * GIB), 1024);
    assert.equal(autoHeapMb(1, 256 * GIB), 8192);
  });
});

describe('saiSegmentBufferMb', () => {
  test('an eighth of the heap, 32..512 MiB, never the stock 1024 MiB', () => {
    assert.equal(saiSegmentBufferMb(1024), 128);
    assert.equal(saiSegmentBufferMb(256), 32);
    assert.equal(saiSegmentBufferMb(2048), 256);
    assert.equal(saiSegmentBufferMb(6144), 512);
    for (let h = 256; h <= 32_768; h += 256) assert.ok(saiSegmentBufferMb(h) <= h / 2, `heap ${h}`);
  });
});

describe('memtableSpaceMb', () => {
  test('an eighth of the heap, 64..1024 MiB: half of what Cassandra would take', () => {
    assert.equal(memtableSpaceMb(5888), 736);
    assert.equal(memtableSpaceMb(256), 64);
    assert.equal(memtableSpaceMb(32_768), 1024);
    for (let h = 256; h <= 32_768; h += 256) assert.ok(memtableSpaceMb(h) <= h / 4, `heap ${h}`);
  });
});

describe('memoryPlan', () => {
  test('0 means automatic for the heap and for the SAI buffer', () => {
    assert.deepEqual(memoryPlan({ heapMb: 0, nodes: 1, saiSegmentBufferMb: 0 }, 24 * GIB), { heapMb: 6144, saiSegmentBufferMb: 512, memtableSpaceMb: 768, heapFrom: 'auto' });
  });

  test('set values are kept', () => {
    assert.deepEqual(memoryPlan({ heapMb: 1024, nodes: 3, saiSegmentBufferMb: 0 }, 24 * GIB), { heapMb: 1024, saiSegmentBufferMb: 128, memtableSpaceMb: 128, heapFrom: 'set' });
    assert.deepEqual(memoryPlan({ heapMb: 4096, nodes: 1, saiSegmentBufferMb: 200 }, 24 * GIB), { heapMb: 4096, saiSegmentBufferMb: 200, memtableSpaceMb: 512, heapFrom: 'set' });
  });

  test('a heap below 256 MiB is refused with the key named', () => {
    assert.throws(() => memoryPlan({ heapMb: 100, nodes: 1, saiSegmentBufferMb: 0 }, 24 * GIB), /local\.heapMb must be 0 \(automatic\) or at least 256, not 100/);
  });
});
