// Time buckets and shards of the search table (see cql/005-search-rows.cql): five-minute
// buckets of the UTC day, sixteen shards by Call-ID hash. Writer and reader share these.

/** Minutes per bucket of search_rows. */
export const BUCKET_MINUTES = 5;
/** Shards per bucket of search_rows. */
export const SHARDS = 16;

/** Bucket number (0..287) within the UTC day of a microsecond timestamp. */
export function bucketOf(tsMicros: bigint): number {
  const msOfDay = Number((tsMicros / 1000n) % 86_400_000n);
  return Math.floor(msOfDay / 60_000 / BUCKET_MINUTES);
}

/** Shard (0..SHARDS-1) of a Call-ID: FNV-1a over its UTF-16 code units. */
export function shardOf(callId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) {
    h ^= callId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
}
