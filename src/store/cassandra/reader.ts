// The Cassandra MessageReader: partition reads by (day, Call-ID) and correlation lookups.
import cassandra from 'cassandra-driver';
import type { Consistency } from '../../config/types.js';
import { callBytes, DEFAULT_CALL_CAP, type CallCap, type CallRead, type MessageReader, type MessageRow, type RowPage, type RowSearch } from '../types.js';
import { CassandraSearch } from './search.js';
import { consistencyOf } from './client.js';
import { rowFromCql } from './columns.js';
import { firstRow, pageStateOf } from './result-set.js';
import { SELECT_CALL, SELECT_CORRELATED, SELECT_MESSAGE } from './statements.js';

/** Reads message rows from a keyspace the client is bound to. */
export class CassandraMessageReader implements MessageReader {
  private readonly consistency: number;
  private readonly searcher: CassandraSearch;

  constructor(private client: cassandra.Client, consistency: Consistency) {
    this.consistency = consistencyOf(consistency);
    this.searcher = new CassandraSearch(client, this.consistency);
  }

  /** Rows of a time range, newest first (see search.ts). */
  search(s: RowSearch): Promise<RowPage> {
    return this.searcher.search(s);
  }

  /** One message with its payload, or null. */
  async getMessage(day: string, callId: string, ts: bigint, id: Buffer): Promise<MessageRow | null> {
    const rs = await this.client.execute(SELECT_MESSAGE, [cassandra.types.LocalDate.fromString(day), callId, ts, id], { prepare: true, consistency: this.consistency });
    const r = firstRow(rs);
    return r ? rowFromCql(r) : null;
  }

  /** The messages of one call on one UTC day, oldest first (the partition's order), within DEFAULT_CALL_CAP. */
  async getCall(day: string, callId: string): Promise<MessageRow[]> {
    return (await this.readCall(day, callId, DEFAULT_CALL_CAP)).rows;
  }

  /** One call partition page by page until it ends or the cap is reached. */
  async readCall(day: string, callId: string, cap: CallCap): Promise<CallRead> {
    const rows: MessageRow[] = [];
    const params = [cassandra.types.LocalDate.fromString(day), callId];
    let bytes = 0;
    let pageState: string | undefined;
    do {
      const fetchSize = Math.max(1, Math.min(500, cap.maxRows - rows.length + 1));
      const rs = await this.client.execute(SELECT_CALL, params, { prepare: true, consistency: this.consistency, fetchSize, pageState });
      for (const r of rs.rows) {
        const row = rowFromCql(r);
        bytes += callBytes(row);
        if (rows.length >= cap.maxRows || bytes > cap.maxBytes) return { rows, truncated: true };
        rows.push(row);
      }
      pageState = pageStateOf(rs) ?? undefined;
    } while (pageState);
    return { rows, truncated: false };
  }

  /** Call-IDs that carried `value` as a correlation value on `day`. */
  async correlated(day: string, value: string): Promise<string[]> {
    const rs = await this.client.execute(SELECT_CORRELATED, [cassandra.types.LocalDate.fromString(day), value], { prepare: true, consistency: this.consistency });
    return rs.rows.map((r) => r.get('call_id') as string);
  }
}
