// The Cassandra MessageWriter: prepared, idempotent INSERTs, grouped into unlogged
// batches of one partition each (tens of rows at most), many batches in flight, bounded.
import cassandra from 'cassandra-driver';
import type { Consistency } from '../../config/types.js';
import { dayOf, RowsRejected, type MessageRow, type MessageWriter } from '../types.js';
import { bucketOf, shardOf } from './buckets.js';
import { consistencyOf } from './client.js';
import { sharedValues } from './columns.js';
import { runBounded } from '../../util/run-bounded.js';
import { INSERT_CORRELATION, INSERT_MESSAGE, INSERT_SEARCH_ROW } from './statements.js';
import { searchRowValues } from './search-row.js';

type Query = { query: string; params: unknown[] };

/** Options of the Cassandra writer. */
export interface CassandraWriterOptions {
  consistency: Consistency;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Rows per unlogged batch (all of one partition). */
  maxBatchRows?: number;
}

/** Writes message rows to a keyspace the client is bound to. */
export class CassandraMessageWriter implements MessageWriter {
  private readonly consistency: number;
  private readonly concurrency: number;
  private readonly maxBatch: number;

  constructor(private client: cassandra.Client, opts: CassandraWriterOptions) {
    this.consistency = consistencyOf(opts.consistency);
    this.concurrency = opts.concurrency ?? 64;
    this.maxBatch = opts.maxBatchRows ?? 20;
  }

  /** Stores every row in its call partition and its search bucket, plus its correlation links. */
  async write(rows: MessageRow[]): Promise<void> {
    const groups = new Map<string, Query[]>();
    const add = (key: string, q: Query) => {
      const g = groups.get(key);
      if (g) g.push(q);
      else groups.set(key, [q]);
    };
    const links = new Set<string>();
    for (const row of rows) {
      const dayText = dayOf(row.ts);
      const day = cassandra.types.LocalDate.fromString(dayText);
      const shared = sharedValues(row);
      const bucket = bucketOf(row.ts);
      const shard = shardOf(row.callId);
      add(`m|${dayText}|${row.callId}`, { query: INSERT_MESSAGE, params: [day, row.callId, ...shared, row.payload] });
      add(`t|${dayText}|${bucket}|${shard}`, { query: INSERT_SEARCH_ROW, params: searchRowValues(row, dayText, day, bucket, shard) });
      for (const value of row.corr) {
        const key = `${dayText}\u0000${value}\u0000${row.callId}`;
        if (links.has(key)) continue;
        links.add(key);
        add(`c|${dayText}|${value}`, { query: INSERT_CORRELATION, params: [day, value, row.callId] });
      }
    }
    const tasks: (() => Promise<unknown>)[] = [];
    const options = { prepare: true, isIdempotent: true, consistency: this.consistency, logged: false };
    for (const queries of groups.values()) {
      for (let i = 0; i < queries.length; i += this.maxBatch) {
        const chunk = queries.slice(i, i + this.maxBatch);
        const [only] = chunk;
        tasks.push(() =>
          chunk.length === 1 && only
            ? this.client.execute(only.query, only.params, options)
            : this.client.batch(chunk, options),
        );
      }
    }
    try {
      await runBounded(tasks, this.concurrency);
    } catch (err) {
      throw isTransient(err) ? err : new RowsRejected(`Cassandra refused rows: ${(err as Error).message}`);
    }
  }
}

// Response codes that mean "not now" (unavailable, overloaded, bootstrapping, timeouts,
// write failure): the rows are fine and a later retry can succeed.
const TRANSIENT_CODES = new Set([0x1000, 0x1001, 0x1002, 0x1100, 0x1200, 0x1300, 0x1500]);

/** True when a write error may go away by itself (node down, timeouts, overload). */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: number } | null | undefined;
  if (e?.name === 'ResponseError') return TRANSIENT_CODES.has(e.code ?? 0);
  return e?.name === 'NoHostAvailableError' || e?.name === 'OperationTimedOutError' || e?.name === 'BusyConnectionError' || e?.name === 'DriverInternalError' || (err instanceof Error && /connect|socket|closed|ECONN|EPIPE/i.test(err.message) && !(err instanceof TypeError) && !(err instanceof RangeError));
}
