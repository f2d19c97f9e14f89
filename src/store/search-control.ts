// The budget of one search as the stores spend it: reads and rows counted, the deadline
// and the caller's AbortSignal checked before every read. A store asks mayRead() before
// each read; once it says no, the search answers with what it has (RowPage.stop).
import type { SearchBudget, SearchStop } from './types.js';

/** Longest a single read may take (the driver's own default); shortened near the deadline. */
const MAX_READ_TIMEOUT_MS = 12_000;
/** Shortest read timeout, so a read owed for progress still has a chance near the deadline. */
const MIN_READ_TIMEOUT_MS = 2_000;

/** Counts one search's reads and rows against its budget, and knows when to stop. */
export class SearchControl {
  reads = 0;
  rows = 0;
  stop: SearchStop | null = null;
  /** The stretch searched so far already holds a full page: no further read is needed. */
  enough = false;

  constructor(private budget: SearchBudget, private signal?: AbortSignal, private onRead?: () => void) {}

  /**
   * Whether a new read may start. `owed` marks a read the request needs to make any
   * progress at all (the first page of the newest unit): it may go past the budget and
   * the deadline, never past the caller leaving.
   */
  mayRead(owed: boolean): boolean {
    if (this.signal?.aborted) {
      this.stop = 'cancelled';
      return false;
    }
    if (this.enough) return false;
    if (this.stop === null) {
      if (Date.now() >= this.budget.deadline) this.stop = 'deadline';
      else if (this.reads >= this.budget.maxReads) this.stop = 'reads';
      else if (this.rows >= this.budget.maxRows) this.stop = 'rows';
    }
    return this.stop === null || owed;
  }

  /** Records one read as started. */
  read(): void {
    this.reads++;
    this.onRead?.();
  }

  /** Records rows read. */
  scanned(n: number): void {
    this.rows += n;
  }

  /** Whether the search has stopped (budget, deadline or caller gone). */
  stopped(): boolean {
    if (this.signal?.aborted) this.stop = 'cancelled';
    return this.stop !== null;
  }

  /** Whether a read that just failed was cut short by the deadline or the caller, rather than by the data. */
  cutShort(): boolean {
    return this.signal?.aborted === true || Date.now() >= this.budget.deadline;
  }

  /** Timeout for the next read: the time left to the deadline, within 2..12 s. */
  readTimeoutMs(): number {
    return Math.min(MAX_READ_TIMEOUT_MS, Math.max(MIN_READ_TIMEOUT_MS, this.budget.deadline - Date.now()));
  }
}
