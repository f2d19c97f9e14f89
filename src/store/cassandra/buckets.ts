// Time buckets and shards of the search table (see cql/001-messages.cql): ten-minute
// buckets of the UTC day, eight shards by Call-ID hash. Writer and reader share these.

/** Minutes per bucket of messages_by_time. */
export const BUCKET_MINUTES = 10;
/** Shards per bucket of messages_by_time. */
export const SHARDS = 8;

/** Bucket number (0..143) within the UTC day of a microsecond timestamp. */
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
