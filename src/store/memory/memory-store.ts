// The in-memory store: the MessageWriter and MessageReader of store/cassandra/, kept in
// maps, for unit tests of the layers above. It keeps the Cassandra schema's semantics:
// a row's key is (day, Call-ID, ts, id), so a rewrite is an upsert and stores nothing
// twice; a call reads back in clustering order (ts, then id bytes); `corr` is a CQL
// set<text> (sorted, no duplicates); correlation links are (day, value) -> Call-IDs.
// Switches simulate an outage: failNext(n) fails the next n writes, setDown(true) fails
// every read and write until setDown(false), failReadsBetween() fails the search reads of
// a time range. A search reads one 10-minute slice per read, newest first, within its
// budget, as the Cassandra store reads a bucket.
import { settled } from '../../util/settled.js';
import { plansMatcher } from '../lookup-match.js';
import { callBytes, dayOf, DEFAULT_CALL_CAP, RowsRejected, type CallCap, type CallRead, type MessageReader, type MessageRow, type MessageWriter, type RowPage, type RowSearch } from '../types.js';
import { SearchControl } from '../search-control.js';
import { pageOf, Part, slicesNewestFirst } from '../search-coverage.js';

/** Time one search read covers: a bucket of the Cassandra search table. */
const SLICE_MICROS = 600_000_000n;

/** UTF-8 byte order, as Cassandra sorts text in sets and clustering columns. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A copy that shares no mutable state with `row`, shaped as Cassandra reads it back. */
function copyRow(row: MessageRow): MessageRow {
  return {
    ...row,
    id: Buffer.from(row.id),
    dedupe: Buffer.from(row.dedupe),
    payload: Buffer.from(row.payload),
    corr: [...new Set(row.corr)].sort(byUtf8),
    extra: { ...row.extra },
  };
}

/** MessageWriter + MessageReader in memory, with outage switches for pipeline tests. */
export class MemoryMessageStore implements MessageWriter, MessageReader {
  /** `${day}\0${callId}` -> `${ts}\0${id hex}` -> row. */
  private calls = new Map<string, Map<string, MessageRow>>();
  /** `${day}\0${value}` -> Call-IDs. */
  private links = new Map<string, Set<string>>();
  private failures = 0;
  private down = false;
  private reject: ((row: MessageRow) => boolean) | null = null;
  private failingReads: { from: bigint; to: bigint; reason: string } | null = null;
  /** Sizes of the write calls that succeeded, in order (for flush tests). */
  readonly batchSizes: number[] = [];

  /** Fails the next `n` write calls (each rejects and stores nothing). */
  failNext(n: number): void {
    this.failures = n;
  }

  /** Refuses for good (RowsRejected) every write holding a row that matches, as Cassandra does with a bad value. */
  rejectWhere(pred: ((row: MessageRow) => boolean) | null): void {
    this.reject = pred;
  }

  /** Search reads of slices overlapping [from, to] fail with `reason` (null: none fail), as a partition read can. */
  failReadsBetween(range: { from: bigint; to: bigint; reason: string } | null): void {
    this.failingReads = range;
  }

  /** While down, every write and read rejects, as with an unreachable Cassandra. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Distinct messages stored (rewrites of one key count once). */
  count(): number {
    let n = 0;
    for (const rows of this.calls.values()) n += rows.size;
    return n;
  }

  /** Every stored message, by day, Call-ID, then clustering order. */
  all(): MessageRow[] {
    return [...this.calls].sort(([a], [b]) => byUtf8(a, b)).flatMap(([, call]) => this.ordered(call));
  }

  /** Stores every row and its correlation links, or rejects and stores none. */
  write(rows: MessageRow[]): Promise<void> {
    return settled(() => {
      this.store(rows);
    });
  }

  /** write()'s body: checks the switches, then stores every row (or throws). */
  private store(rows: MessageRow[]): void {
    this.up();
    if (this.failures > 0) {
      this.failures--;
      throw new Error('memory store: write failed (failNext)');
    }
    const bad = this.reject && rows.find(this.reject);
    if (bad) throw new RowsRejected(`memory store: row ${bad.callId} refused (rejectWhere)`);
    for (const row of rows) {
      const day = dayOf(row.ts);
      const callKey = `${day}\u0000${row.callId}`;
      let call = this.calls.get(callKey);
      if (!call) this.calls.set(callKey, (call = new Map<string, MessageRow>()));
      call.set(`${row.ts}\u0000${row.id.toString('hex')}`, copyRow(row));
      for (const value of row.corr) {
        const linkKey = `${day}\u0000${value}`;
        let ids = this.links.get(linkKey);
        if (!ids) this.links.set(linkKey, (ids = new Set()));
        ids.add(row.callId);
      }
    }
    this.batchSizes.push(rows.length);
  }

  /** Every message of one call on one UTC day, oldest first (ts, then id bytes). */
  getCall(day: string, callId: string): Promise<MessageRow[]> {
    return this.readCall(day, callId, DEFAULT_CALL_CAP).then((r) => r.rows);
  }

  /** As getCall, within `cap`, saying whether it stopped there. */
  readCall(day: string, callId: string, cap: CallCap): Promise<CallRead> {
    return settled(() => {
      this.up();
      const call = this.calls.get(`${day}\u0000${callId}`);
      const all = call ? this.ordered(call) : [];
      const rows: MessageRow[] = [];
      let bytes = 0;
      for (const row of all) {
        bytes += callBytes(row);
        if (rows.length >= cap.maxRows || bytes > cap.maxBytes) return { rows, truncated: true };
        rows.push(row);
      }
      return { rows, truncated: false };
    });
  }

  /** Call-IDs that carried `value` as a correlation value on `day`, in Call-ID order. */
  correlated(day: string, value: string): Promise<string[]> {
    return settled(() => {
      this.up();
      return [...(this.links.get(`${day}\u0000${value}`) ?? [])].sort(byUtf8);
    });
  }

  /** Same semantics as the Cassandra search: newest first, lookups narrow, payload not loaded. */
  search(s: RowSearch): Promise<RowPage> {
    return settled(() => {
      this.up();
      return this.find(s);
    });
  }

  /** search()'s body: one read per 10-minute slice, newest first, within the budget. */
  private find(s: RowSearch): RowPage {
    const to = s.before && s.before.ts < s.toMicros ? s.before.ts : s.toMicros;
    const skip = new Set(s.before?.ids ?? []);
    const ctl = new SearchControl(s.budget, s.signal, s.onRead);
    const all = this.all();
    const found: MessageRow[] = [];
    // Every plan narrows the candidates, as Cassandra's plan check does.
    const inPlans = plansMatcher(s.plans);
    const units = slicesNewestFirst(s.fromMicros, to, SLICE_MICROS).map(({ lo, hi }) => ({ lo, hi, parts: [new Part(null, true)] }));
    for (const [i, u] of units.entries()) {
      const part = u.parts[0];
      if (!part || !ctl.mayRead(i === 0)) break;
      ctl.read();
      const fail = this.failingReads;
      if (fail && fail.from <= u.hi && fail.to >= u.lo) {
        part.failed = fail.reason;
        continue;
      }
      const inSlice = all.filter((r) => r.ts >= u.lo && r.ts <= u.hi);
      ctl.scanned(inSlice.length);
      found.push(...inSlice.filter((r) =>
        !(s.before && r.ts === s.before.ts && skip.has(r.id.toString('hex'))) &&
        inPlans(r) && s.match(r)).map((r) => ({ ...r, payload: Buffer.alloc(0) })));
      part.pages = 1;
      part.done = true;
      if (found.length >= s.limit && !ctl.stopped()) break;
    }
    return pageOf({ fromMicros: s.fromMicros, toMicros: to, limit: s.limit, before: s.before, walks: [units], found, ctl });
  }

  /** One message with its payload, or null. */
  getMessage(day: string, callId: string, ts: bigint, id: Buffer): Promise<MessageRow | null> {
    return settled(() => {
      this.up();
      const row = this.calls.get(`${day}\u0000${callId}`)?.get(`${ts}\u0000${id.toString('hex')}`);
      return row ? copyRow(row) : null;
    });
  }

  /** Throws while down (setDown(true)), as a read of an unreachable Cassandra fails. */
  private up(): void {
    if (this.down) throw new Error('memory store is down (setDown(true))');
  }

  private ordered(call: Map<string, MessageRow>): MessageRow[] {
    return [...call.values()]
      .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : Buffer.compare(a.id, b.id)))
      .map(copyRow);
  }
}
