// A partition Cassandra refuses to read: more row tombstones in one shard of one bucket of
// search_rows than tombstone_failure_threshold (100,000 by default), so any read
// over it fails with a real ReadFailure (TombstoneOverwhelmingException) while the other
// partitions read normally. Tests use it for a failed partition read.
import { randomBytes } from 'node:crypto';
import cassandra from 'cassandra-driver';
import { BUCKET_MINUTES, bucketOf } from '../../src/store/cassandra/buckets.js';

/** More tombstones than Cassandra's default failure threshold. */
export const OVERWHELMING = 101_000;

/**
 * Deletes `n` made-up rows in `shard` of the bucket holding `tsMicros`, in the middle of
 * that bucket's time (so a read of the bucket's range passes over them whatever `tsMicros`
 * is); the bucket's [lo, hi] in µs is returned.
 */
export async function overwhelmWithTombstones(client: cassandra.Client, tsMicros: bigint, shard = 0, n = OVERWHELMING): Promise<{ lo: bigint; hi: bigint }> {
  const day = cassandra.types.LocalDate.fromDate(new Date(Number(tsMicros / 1000n)));
  const bucket = bucketOf(tsMicros);
  const bucketMicros = BigInt(BUCKET_MINUTES) * 60_000_000n;
  const dayStart = tsMicros - (tsMicros % 86_400_000_000n);
  const lo = dayStart + BigInt(bucket) * bucketMicros;
  const middle = lo + bucketMicros / 2n;
  const query = 'DELETE FROM search_rows WHERE day = ? AND bucket = ? AND shard = ? AND ts = ? AND id = ?';
  // About 40 bytes of mutation a row: 500 stay under batch_size_fail_threshold (50 KiB).
  const PER_BATCH = 500;
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += PER_BATCH) {
    const stmts = Array.from({ length: Math.min(PER_BATCH, n - i) }, (_, k) => ({ query, params: [day, bucket, shard, middle - BigInt(i + k), randomBytes(16)] }));
    // One partition per batch: an unlogged batch is a single mutation.
    batches.push(client.batch(stmts, { prepare: true, logged: false }));
    if (batches.length >= 4) await batches.shift();
  }
  await Promise.all(batches);
  return { lo, hi: lo + bucketMicros - 1n };
}
