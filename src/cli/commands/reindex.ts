// `siptrail reindex [DAYS]`: after an upgrade from version 1, copy the search rows of the
// last DAYS UTC days (default 7, today included) into the search table (store/cassandra/reindex.ts).
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { connectCassandra, consistencyOf } from '../../store/cassandra/client.js';
import { reindexVersion1 } from '../../store/cassandra/reindex.js';
import { schemaVersion } from '../../migrate/version.js';
import { UsageError } from './usage-error.js';

/** Days copied when none are given. */
const DEFAULT_DAYS = 7;
/** More days than any retention siptrail allows. */
const MAX_DAYS = 3660;

/** Parses DAYS, copies; exit code 1 when a partition could not be read (run it again). */
export async function reindexCommand(args: string[], cfg: Config, log: Logger): Promise<number> {
  const [daysText, ...rest] = args;
  if (rest.length > 0) throw new UsageError('reindex takes at most one argument: the number of days (siptrail reindex 31)');
  const days = daysText === undefined ? DEFAULT_DAYS : Number(daysText);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new UsageError(`reindex: DAYS must be a whole number from 1 to ${MAX_DAYS}, not "${daysText ?? ''}"`);
  const client = await connectCassandra(cfg.cassandra, cfg.cassandra.keyspace);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    await schemaVersion(client, cfg.cassandra.keyspace);
    const res = await reindexVersion1(client, cfg.cassandra.keyspace, {
      lastDay: new Date().toISOString().slice(0, 10), days, consistency: consistencyOf(cfg.cassandra.writeConsistency), log, signal: stop.signal,
    });
    log.info(`reindex: ${res.rows} rows of ${res.days} days copied${res.failedPartitions ? `; ${res.failedPartitions} partitions failed (see above): run it again` : ''}${stop.signal.aborted ? '; stopped by Ctrl-C: run it again to finish' : ''}`);
    return res.failedPartitions > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    await client.shutdown();
  }
}
