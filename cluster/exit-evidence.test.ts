import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { exitEvidence, exitReason, exitStatusText, logMarks, logsSince } from './exit-evidence.js';

// The shape of a heap death of Cassandra 5.0 under -XX:+ExitOnOutOfMemoryError (issue 10).
const OOM_STDOUT = [
  'CompilerOracle: dontinline org/apache/cassandra/db/Columns$Serializer.deserializeLargeSubset',
  'java.lang.OutOfMemoryError: Java heap space',
  'Dumping heap to /x/node1/oom-heap.hprof ...',
  'Heap dump file created [1072110592 bytes in 4.210 secs]',
  'Terminating due to java.lang.OutOfMemoryError: Java heap space',
].join('\n');
const SYSTEM = [
  'INFO  [CompactionExecutor:1] 2025-11-23 14:01:58,120 CompactionTask.java:164 - Compacting (abc) [...]',
  'INFO  [CompactionExecutor:1] 2025-11-23 14:01:59,004 StorageAttachedIndexGroup.java:301 - Starting a compaction index build',
  'ERROR [CompactionExecutor:1] 2025-11-23 14:02:11,100 JVMStabilityInspector.java:196 - OutOfMemory error letting the JVM handle the error:',
  'java.lang.OutOfMemoryError: Java heap space',
  '\tat java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)',
].join('\n');

describe('exit evidence', () => {
  test('a heap death: the JVM lines of stdout and the ERROR line of system.log; the reason names the error', () => {
    const ev = exitEvidence(OOM_STDOUT, SYSTEM);
    assert.deepEqual(ev, [
      'java.lang.OutOfMemoryError: Java heap space',
      'Terminating due to java.lang.OutOfMemoryError: Java heap space',
      'ERROR [CompactionExecutor:1] 2025-11-23 14:02:11,100 JVMStabilityInspector.java:196 - OutOfMemory error letting the JVM handle the error:',
    ]);
    assert.equal(exitReason('exit code 3', ev), 'exit code 3: java.lang.OutOfMemoryError: Java heap space');
    assert.equal(exitReason(null, ev), 'java.lang.OutOfMemoryError: Java heap space');
  });

  test('a SIGKILL leaves nothing: the last lines written, and the signal as the reason', () => {
    const ev = exitEvidence('', SYSTEM.split('\n').slice(0, 2).join('\n'));
    assert.equal(ev.length, 2);
    assert.match(ev[1]!, /Starting a compaction index build/);
    assert.equal(exitReason(exitStatusText(null, 'SIGKILL'), ev), 'killed by SIGKILL');
    assert.equal(exitReason(null, ev), 'exited; its logs do not say why (a SIGKILL, the kernel OOM killer, leaves no line)');
  });

  test('another ERROR: its message is the reason', () => {
    const ev = exitEvidence('', 'ERROR [main] 2025-11-23 14:00:00,000 CassandraDaemon.java:900 - Exception encountered during startup: bad yaml');
    assert.equal(exitReason(exitStatusText(1, null), ev), 'exit code 1: Exception encountered during startup: bad yaml');
    assert.equal(exitReason(null, ev), 'exited; the last error it logged: Exception encountered during startup: bad yaml');
  });

  test('long lines are cut', () => {
    assert.equal(exitEvidence('', `ERROR ${'x'.repeat(1000)}`)[0]!.length, 301);
  });

  describe('reading what the node wrote since it started', () => {
    const dir = mkdtempSync(join(tmpdir(), 'siptrail-evidence-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('only the lines after the marks; a rotated system.log is read from its start', () => {
      mkdirSync(join(dir, 'logs'));
      writeFileSync(join(dir, 'stdout.log'), 'java.lang.OutOfMemoryError: from an earlier life\n');
      writeFileSync(join(dir, 'logs', 'system.log'), 'INFO  old line\n'.repeat(100));
      const marks = logMarks(dir);
      appendFileSync(join(dir, 'stdout.log'), 'Terminating due to java.lang.OutOfMemoryError: Java heap space\n');
      assert.deepEqual(logsSince(dir, marks), { stdout: 'Terminating due to java.lang.OutOfMemoryError: Java heap space\n', system: '' });
      writeFileSync(join(dir, 'logs', 'system.log'), 'ERROR [main] x.java:1 - after rotation\n');
      assert.equal(logsSince(dir, marks).system, 'ERROR [main] x.java:1 - after rotation\n');
    });

    test('a node folder without logs yet', () => {
      const empty = mkdtempSync(join(tmpdir(), 'siptrail-evidence-'));
      assert.deepEqual(logsSince(empty, logMarks(empty)), { stdout: '', system: '' });
      rmSync(empty, { recursive: true });
    });
  });
});
