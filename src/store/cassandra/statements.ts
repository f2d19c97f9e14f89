// CQL of the message store as named constants, built once from the column lists.
import { SHARED_COLUMNS } from './columns.js';

const shared = SHARED_COLUMNS.map(([, col]) => col);
const marks = (n: number) => Array(n).fill('?').join(', ');

const SEARCH_ROW_SET = 'SET fields = ?, terms = terms + ? WHERE day = ? AND bucket = ? AND shard = ? AND ts = ? AND id = ?';

/** Inserts one message into its call partition. */
export const INSERT_MESSAGE = `INSERT INTO messages (day, call_id, ${shared.join(', ')}, payload) VALUES (?, ?, ${marks(shared.length)}, ?)`;
/**
 * Writes one message's fields and search terms into its time bucket (search-row.ts,
 * search-terms.ts). An UPDATE that adds to the set, not an INSERT: an INSERT of a set
 * first deletes any earlier set, a tombstone in every row. Adding is idempotent too.
 */
export const INSERT_SEARCH_ROW = `UPDATE search_rows ${SEARCH_ROW_SET}`;
/** INSERT_SEARCH_ROW with a TTL (seconds) bound first: a row copied with the time it had left (reindex.ts). */
export const INSERT_SEARCH_ROW_WITH_TTL = `UPDATE search_rows USING TTL ? ${SEARCH_ROW_SET}`;
/** Links a correlation value to a Call-ID on a day. */
export const INSERT_CORRELATION = 'INSERT INTO correlation (day, value, call_id) VALUES (?, ?, ?)';
/** Every message of one call on one day, oldest first. */
export const SELECT_CALL = 'SELECT * FROM messages WHERE day = ? AND call_id = ?';
/** Call-IDs sharing a correlation value on a day. */
export const SELECT_CORRELATED = 'SELECT call_id FROM correlation WHERE day = ? AND value = ?';
/** One message by its full primary key. */
export const SELECT_MESSAGE = 'SELECT * FROM messages WHERE day = ? AND call_id = ? AND ts = ? AND id = ?';
