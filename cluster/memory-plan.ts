// How much memory a local Cassandra node gets, and the memory settings that follow from
// its heap. The numbers come from the OOM investigation of issue 10 (docs: README,
// "Cassandra memory"): with the stock SAI segment buffer (1024 MiB, Cassandra 5.0.8) a
// compaction of messages_by_time rebuilt its ten storage-attached indexes into buffers
// that held ~600 MB of live `long[]` (one Lucene PackedLongValues builder per distinct
// term) and a 1 GB heap died with OutOfMemoryError.
import { totalmem } from 'node:os';

/** The memory settings of one local node. */
export interface MemoryPlan {
  heapMb: number;
  /** `sai_options.segment_write_buffer_size`: SAI's budget for index segments built by compaction. */
  saiSegmentBufferMb: number;
  /** `memtable_heap_space` and `memtable_offheap_space`: what memtables may hold before writes wait for a flush. */
  memtableSpaceMb: number;
  /** Where the heap came from: `auto` (from the machine) or `set` (local.heapMb). */
  heapFrom: 'auto' | 'set';
}

const MIB = 1024 * 1024;

/**
 * The heap of each of `nodes` local nodes on a machine with `totalBytes` of memory: a
 * quarter of the memory shared by the nodes (Cassandra's own rule takes a quarter for
 * one node; the rest is for off-heap memtables, the page cache and siptrail itself),
 * at least 1 GiB, at most 8 GiB (G1 pauses), in steps of 256 MiB.
 */
export function autoHeapMb(nodes: number, totalBytes: number): number {
  const share = Math.floor(totalBytes / MIB / 4 / nodes / 256) * 256;
  return Math.min(8192, Math.max(1024, share));
}

/**
 * SAI's segment buffer at a given heap: an eighth of the heap, 32..512 MiB. The stock
 * 1024 MiB is the whole of a 1 GiB heap; SAI flushes a segment when its builders together
 * pass the budget, so a small budget costs only more (smaller) segments per SSTable.
 */
export function saiSegmentBufferMb(heapMb: number): number {
  return Math.min(512, Math.max(32, Math.floor(heapMb / 8)));
}

/**
 * Memtable space at a given heap, on the heap and off it: an eighth of the heap, 64..1024
 * MiB. Cassandra's default (a quarter of the heap for each) let memtable objects reach
 * 2.3 GB live of a 5.9 GB heap in the 2-hour soak (its accounting counts about 60 % of
 * the objects a row really holds), and five full GCs followed. When flushes fall behind,
 * a smaller space makes writes wait sooner: the capture then queues or spools, which is
 * bounded and lossless, instead of the heap filling.
 */
export function memtableSpaceMb(heapMb: number): number {
  return Math.min(1024, Math.max(64, Math.floor(heapMb / 8)));
}

/** The plan for a node: `heapMb` 0 means automatic; `saiMb` 0 means an eighth of the heap. */
export function memoryPlan(cfg: { heapMb: number; nodes: number; saiSegmentBufferMb: number }, totalBytes = totalmem()): MemoryPlan {
  if (cfg.heapMb !== 0 && cfg.heapMb < 256) throw new RangeError(`local.heapMb must be 0 (automatic) or at least 256, not ${cfg.heapMb}`);
  const heapMb = cfg.heapMb || autoHeapMb(cfg.nodes, totalBytes);
  return { heapMb, saiSegmentBufferMb: cfg.saiSegmentBufferMb || saiSegmentBufferMb(heapMb), memtableSpaceMb: memtableSpaceMb(heapMb), heapFrom: cfg.heapMb ? 'set' : 'auto' };
}
