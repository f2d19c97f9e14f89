// The Cassandra MessageReader: partition reads by (day, Call-ID) and correlation lookups.
import cassandra from 'cassandra-driver';
import type { Consistency } from '../../config/types.js';
import type { MessageReader, MessageRow, RowPage, RowSearch } from '../types.js';
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

  /** Every message of one call on one UTC day, oldest first (the partition's order). */
  async getCall(day: string, callId: string): Promise<MessageRow[]> {
    const rows: MessageRow[] = [];
    const params = [cassandra.types.LocalDate.fromString(day), callId];
    let pageState: string | undefined;
    do {
      const rs = await this.client.execute(SELECT_CALL, params, { prepare: true, consistency: this.consistency, fetchSize: 500, pageState });
      for (const r of rs.rows) rows.push(rowFromCql(r));
      pageState = pageStateOf(rs) ?? undefined;
    } while (pageState);
    return rows;
  }

  /** Call-IDs that carried `value` as a correlation value on `day`. */
  async correlated(day: string, value: string): Promise<string[]> {
    const rs = await this.client.execute(SELECT_CORRELATED, [cassandra.types.LocalDate.fromString(day), value], { prepare: true, consistency: this.consistency });
    return rs.rows.map((r) => r.get('call_id') as string);
  }
}
