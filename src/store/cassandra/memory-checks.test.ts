import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mebibytes, memoryWarnings } from './memory-checks.js';

describe('mebibytes', () => {
  test('reads the units Cassandra prints', () => {
    assert.equal(mebibytes('1024MiB'), 1024);
    assert.equal(mebibytes('2GiB'), 2048);
    assert.equal(mebibytes('512KiB'), 0.5);
    assert.equal(mebibytes('64'), 64);
    assert.equal(mebibytes(null), null);
    assert.equal(mebibytes('lots'), null);
  });
});

describe('memoryWarnings', () => {
  const base = { node: '10.1.0.11:9042', dataMiB: 900, heapMiB: null, memtableHeapSpaceMiB: 256 };

  test('the stock SAI buffer on a 1 GiB heap (memtable space 256 MiB) is named, with the setting to change', () => {
    const [w, ...rest] = memoryWarnings({ ...base, saiSegmentBufferMiB: 1024 });
    assert.equal(rest.length, 0);
    assert.match(w!, /10\.1\.0\.11:9042: sai_options\.segment_write_buffer_size 1024MiB is more than memtable_heap_space 256MiB/);
    assert.match(w!, /OutOfMemoryError/);
  });

  test('a buffer within a quarter of the heap passes', () => {
    assert.deepEqual(memoryWarnings({ ...base, saiSegmentBufferMiB: 128 }), []);
    assert.deepEqual(memoryWarnings({ ...base, saiSegmentBufferMiB: null }), []);
  });

  test('with a known heap the limit is an eighth of it', () => {
    assert.deepEqual(memoryWarnings({ ...base, heapMiB: 1024, saiSegmentBufferMiB: 128 }), []);
    assert.match(memoryWarnings({ ...base, heapMiB: 1024, saiSegmentBufferMiB: 256 })[0]!, /more than an eighth of its 1024 MiB heap.*at most 128MiB/);
  });
});
