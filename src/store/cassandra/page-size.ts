// The page size of a search's reads of search_rows. A read through the index costs
// Cassandra a row fetch for every row it returns, matching or not, so a 1,000-row page of
// every shard of a bucket (16,000 rows) costs seconds when a 200-row page of answers needs
// a few hundred. The size follows the share of rows read so far that the search kept: the
// rows one shard is expected to need for the page (limit / shards / share, with a margin),
// within [MIN_FETCH, MAX_FETCH]. A probe's rows give the first estimate.

/** Smallest page asked for (a round trip costs more than a few dozen rows). */
export const MIN_FETCH = 32;
/** Largest page asked for (the driver's usual page). */
export const MAX_FETCH = 1000;
/** Share assumed before anything was read: half the rows match. */
const PRIOR = { read: 2, kept: 1 };

/** The page size of the next read of a search, from the rows it has read and kept. */
export class PageSizer {
  private read = PRIOR.read;
  private kept = PRIOR.kept;

  /** `limit`: rows the page needs; `parts`: reads a stretch's rows are spread over (the shards). */
  constructor(private limit: number, private parts: number) {}

  /** Records `read` rows of which `kept` were taken. */
  saw(read: number, kept: number): void {
    this.read += read;
    this.kept += kept;
  }

  /** The share of the rows read so far that were kept (with a prior of one in two). */
  share(): number {
    return this.kept / this.read;
  }

  /** Rows to ask for in the next page of one part. */
  next(): number {
    const share = this.share();
    const want = Math.ceil((this.limit * 1.5) / this.parts / share);
    return Math.min(MAX_FETCH, Math.max(MIN_FETCH, want));
  }
}
