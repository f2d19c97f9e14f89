// Which terms the rows of a day were written with. A term added to search-terms.ts serves
// only rows written after the version that added it: a search for an older day must ask
// for the older term (and filter), or it misses that day's rows. schema_migrations says
// when each version was applied.
import type cassandra from 'cassandra-driver';

/** The schema version from which responses carry their exact status as a term (cql/006). */
export const EXACT_STATUS_VERSION = 6;
/** The version that created search_rows (cql/005). */
const SEARCH_ROWS_VERSION = 5;

/** The term sets of one day's rows. */
export interface TermEra {
  /** Responses carry `st=<status>` as well as `st<<class>`. */
  exactStatus: boolean;
}

/** What rows written by this version carry. */
export const CURRENT_ERA: TermEra = { exactStatus: true };

/**
 * The first day (YYYY-MM-DD) from which every row carries the exact status term: '' for
 * every day (search_rows was created by the same migration run, so no row is older), the
 * day after the one version 6 was applied on otherwise (rows of that day may predate it),
 * or null while it is not applied.
 */
export function exactStatusFrom(appliedAt: ReadonlyMap<number, Date>): string | null {
  const exact = appliedAt.get(EXACT_STATUS_VERSION);
  if (exact === undefined) return null;
  const table = appliedAt.get(SEARCH_ROWS_VERSION);
  // One run applies its versions seconds apart; a later version 6 finds rows already there.
  if (table !== undefined && Math.abs(exact.getTime() - table.getTime()) < 10 * 60_000) return '';
  return new Date(Math.floor(exact.getTime() / 86_400_000 + 1) * 86_400_000).toISOString().slice(0, 10);
}

/** The era of a day (YYYY-MM-DD) given the first day of exact status terms. */
export function eraOf(day: string, exactFrom: string | null): TermEra {
  return { exactStatus: exactFrom !== null && day >= exactFrom };
}

/** Reads exactStatusFrom() from the keyspace the client is bound to. */
export async function readExactStatusFrom(client: cassandra.Client): Promise<string | null> {
  const rs = await client.execute('SELECT version, applied_at FROM schema_migrations');
  const applied = new Map<number, Date>();
  for (const r of rs.rows) {
    const at = r.get('applied_at') as Date | null;
    if (at) applied.set(r.get('version') as number, at);
  }
  return exactStatusFrom(applied);
}
