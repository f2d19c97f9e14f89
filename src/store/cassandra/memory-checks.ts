// Start-time checks of the Cassandra memory settings siptrail's tables are sensitive to,
// from what each node exposes in system_views.settings and system_views.disk_usage.
// Pure: readings in, warnings out (node-settings.ts does the reading).

/** What one node exposes (MiB; null when the node does not say). */
export interface NodeMemoryReading {
  node: string;
  saiSegmentBufferMiB: number | null;
  memtableHeapSpaceMiB: number | null;
  /** Data of siptrail's keyspace on this node. */
  dataMiB: number;
  /** The node's heap when siptrail knows it (a local node it starts); null otherwise. */
  heapMiB: number | null;
}

/** The heap share the SAI segment buffer should stay within (an eighth: cluster/memory-plan.ts). */
export const SAI_SHARE_OF_HEAP = 1 / 8;

/** Parses a Cassandra data-size setting (`1024MiB`, `1GiB`, `512KiB`, or a bare MiB number) into MiB. */
export function mebibytes(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d+)\s*(B|KiB|MiB|GiB)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'MiB';
  return unit === 'GiB' ? n * 1024 : unit === 'MiB' ? n : unit === 'KiB' ? n / 1024 : n / 2 ** 20;
}

/**
 * Warnings for one node. The SAI buffer is compared with the heap when siptrail knows it,
 * else with memtable_heap_space, which Cassandra sets to a quarter of the heap unless it is
 * configured: a buffer above that is at least a quarter of the heap.
 */
export function memoryWarnings(r: NodeMemoryReading): string[] {
  const out: string[] = [];
  const sai = r.saiSegmentBufferMiB;
  const why = 'a compaction that rebuilds the storage-attached indexes of messages_by_time holds up to that much on the heap (seen: OutOfMemoryError on a 1 GiB heap with the stock 1024MiB)';
  if (sai !== null && r.heapMiB !== null && sai > r.heapMiB * SAI_SHARE_OF_HEAP) {
    out.push(`Cassandra ${r.node}: sai_options.segment_write_buffer_size ${sai}MiB is more than an eighth of its ${r.heapMiB} MiB heap; ${why}. Set it to at most ${Math.floor(r.heapMiB * SAI_SHARE_OF_HEAP)}MiB`);
  } else if (sai !== null && r.heapMiB === null && r.memtableHeapSpaceMiB !== null && sai > r.memtableHeapSpaceMiB) {
    out.push(`Cassandra ${r.node}: sai_options.segment_write_buffer_size ${sai}MiB is more than memtable_heap_space ${r.memtableHeapSpaceMiB}MiB (a quarter of the heap unless set), so more than a quarter of the heap; ${why}. Set it to at most an eighth of the heap`);
  }
  return out;
}
