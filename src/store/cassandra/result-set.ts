// Two corners where cassandra-driver's typings are narrower than what it returns:
// ResultSet.first() is typed Row but gives null on an empty result, and pageState is typed
// string but is null after the last page. Reading them through here gives them their true
// types, so the null checks after them stay (the typings alone make them look unnecessary).
import type cassandra from 'cassandra-driver';

/** The first row, or null when the result is empty. */
export function firstRow(rs: cassandra.types.ResultSet): cassandra.types.Row | null {
  return rs.first();
}

/** The state to fetch the next page with, or null after the last page. */
export function pageStateOf(rs: cassandra.types.ResultSet): string | null {
  return rs.pageState;
}
