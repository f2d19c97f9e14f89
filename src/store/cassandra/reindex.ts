// The upgrade path to schema 5: copies version 1's search rows (messages_by_time, written
// until the upgrade, no longer read) into search_rows, so a search of the days before the
// upgrade finds them by any field again, not only by Call-ID. Each row keeps the time it
// had left to live. It reads one partition (day, ten-minute bucket, shard of 8) at a time,
// a page of PAGE rows at a time, with at most WRITES_IN_FLIGHT writes open: bounded memory
// and load, whatever the days hold. Running it twice writes the same rows again (the writes
// are idempotent), so an interrupted run is simply started again.
import cassandra from 'cassandra-driver';
import { bucketOf, shardOf } from './buckets.js';
import { rowFromCql, SUMMARY_COLUMNS } from './columns.js';
import { pageStateOf } from './result-set.js';
import { searchRowValues } from './search-row.js';
import { INSERT_SEARCH_ROW, INSERT_SEARCH_ROW_WITH_TTL } from './statements.js';
import { runBounded } from '../../util/run-bounded.js';
import type { Logger } from '../../log/logger.js';

/** Version 1's layout of messages_by_time: ten-minute buckets of the UTC day, 8 shards. */
const OLD_BUCKETS = 144;
const OLD_SHARDS = 8;
const PAGE = 500;
const WRITES_IN_FLIGHT = 32;
const DAY_MS = 86_400_000;

/** What a reindex did. */
export interface ReindexResult {
  days: number;
  rows: number;
  /** Partitions whose read failed (named in the log); their rows were not copied. */
  failedPartitions: number;
}

/** Whether the keyspace still has version 1's table. */
async function hasOldTable(client: cassandra.Client, keyspace: string): Promise<boolean> {
  const rs = await client.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?', [keyspace, 'messages_by_time'], { prepare: true });
  return rs.rowLength > 0;
}

/**
 * Copies the rows of messages_by_time of the `days` UTC days ending with `lastDay`
 * (YYYY-MM-DD), newest first, into search_rows. Stops between partitions when `signal` aborts.
 */
export async function reindexVersion1(client: cassandra.Client, keyspace: string, opts: { lastDay: string; days: number; consistency: number; log: Logger; signal?: AbortSignal }): Promise<ReindexResult> {
  const out: ReindexResult = { days: 0, rows: 0, failedPartitions: 0 };
  if (!(await hasOldTable(client, keyspace))) {
    opts.log.info('reindex: no messages_by_time table in this keyspace (nothing from version 1 to copy)');
    return out;
  }
  // The client is bound to the keyspace (the statements name tables alone); system_schema is asked by name.
  const read = `SELECT ${SUMMARY_COLUMNS}, TTL(call_id) AS left FROM messages_by_time WHERE day = ? AND bucket = ? AND shard = ?`;
  const writeOpts = { prepare: true, isIdempotent: true, consistency: opts.consistency };
  const last = Date.parse(`${opts.lastDay}T00:00:00Z`);
  for (let d = 0; d < opts.days && !opts.signal?.aborted; d++) {
    const dayText = new Date(last - d * DAY_MS).toISOString().slice(0, 10);
    const day = cassandra.types.LocalDate.fromString(dayText);
    let rowsOfDay = 0;
    for (let bucket = OLD_BUCKETS - 1; bucket >= 0 && !opts.signal?.aborted; bucket--) {
      for (let shard = 0; shard < OLD_SHARDS; shard++) {
        let pageState: string | undefined;
        try {
          do {
            const rs = await client.execute(read, [day, bucket, shard], { prepare: true, fetchSize: PAGE, pageState, consistency: opts.consistency });
            await runBounded(rs.rows.map((r) => () => {
              const row = rowFromCql(r);
              const left = r.get('left') as number | null;
              const params = searchRowValues(row, dayText, day, bucketOf(row.ts), shardOf(row.callId));
              // A row with a TTL keeps what it had left; one without gets the table's default (USING TTL 0 would mean none).
              return left ? client.execute(INSERT_SEARCH_ROW_WITH_TTL, [left, ...params], writeOpts) : client.execute(INSERT_SEARCH_ROW, params, writeOpts);
            }), WRITES_IN_FLIGHT);
            rowsOfDay += rs.rowLength;
            pageState = pageStateOf(rs) ?? undefined;
          } while (pageState);
        } catch (err) {
          out.failedPartitions++;
          opts.log.warn(`reindex: ${dayText} bucket ${bucket} shard ${shard} not copied: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    out.days++;
    out.rows += rowsOfDay;
    opts.log.info(`reindex: ${dayText}: ${rowsOfDay} rows copied into search_rows`);
  }
  return out;
}
