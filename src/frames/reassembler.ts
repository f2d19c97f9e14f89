// IP fragment reassembly (RFC 791 / RFC 815), keyed by (version, src, dst, id, protocol).
// Also accepts IPv6 fragments as decoded by decodeIpv6 (the key includes the version).
//
//   datagram payload:  [0 ........ 8k) [8k ........ 8m) [8m ...... total)
//                      MF=1, off 0     MF=1, off 8k     MF=0, off 8m  -> sets `total`
//
// Rules: non-final fragments must be a non-empty multiple of 8 bytes; nothing may end past
// 65535 or past the final fragment's end; an exact duplicate is ignored (counted), any other
// overlap poisons the whole datagram (RFC 5722 style: we never guess which copy is true).
// A poisoned datagram keeps a placeholder until its timeout so later fragments are dropped too.
// Bounds: at most `maxPending` datagrams and `maxBytes` (>= 65535) buffered payload bytes,
// evicting the oldest first; datagrams older than `timeoutMs` (Linux ipfrag_time: 30 s) are evicted.
// Fragment bytes are copied, so pending data never pins the caller's capture buffers.

import { fail, ok, type Result } from '../util/result.js';
import { isFragment, type IpDatagram } from './ip.js';

/** Why a fragment was not accepted. */
export type FragmentReason = 'fragment-overlap' | 'fragment-bad-offset' | 'fragment-after-reject';

/** Limits of a reassembler; every field has a default. */
export type ReassemblyOptions = { maxPending?: number; maxBytes?: number; timeoutMs?: number };

/** Counters since construction, plus the current pending load. */
export type ReassemblyStats = {
  pending: number;
  pendingBytes: number;
  fragments: number;
  reassembled: number;
  duplicates: number;
  rejected: number;
  timedOut: number;
  evicted: number;
};

type Piece = { off: number; data: Buffer };
type Entry = { created: number; head: IpDatagram | null; pieces: Piece[]; bytes: number; total: number | null; poisoned: boolean };

const MAX_DATAGRAM = 65535;

/** Reassembles IP fragments into whole datagrams within fixed memory and time bounds. */
export class Ipv4Reassembler {
  private readonly pending = new Map<string, Entry>();
  private readonly maxPending: number;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private bytes = 0;
  private clock = 0;
  private readonly counts = { fragments: 0, reassembled: 0, duplicates: 0, rejected: 0, timedOut: 0, evicted: 0 };

  constructor(opts: ReassemblyOptions = {}) {
    this.maxPending = Math.max(1, opts.maxPending ?? 1024);
    this.maxBytes = Math.max(MAX_DATAGRAM, opts.maxBytes ?? 8 * 1024 * 1024);
    this.timeoutMs = Math.max(0, opts.timeoutMs ?? 30_000);
  }

  /** A snapshot of the counters and the current pending load. */
  get stats(): ReassemblyStats {
    return { pending: this.pending.size, pendingBytes: this.bytes, ...this.counts };
  }

  /** The latest `nowMs` seen, used when a caller has no clock of its own. */
  get nowMs(): number {
    return this.clock;
  }

  /** Feeds a datagram: returns it whole (unfragmented or just completed), or null while waiting. */
  push(d: IpDatagram, nowMs: number): IpDatagram | null {
    const r = this.offer(d, nowMs);
    return r.ok ? r.value : null;
  }

  /** Like push, but says why a fragment was rejected. */
  offer(d: IpDatagram, when: number): Result<IpDatagram | null, FragmentReason> {
    const nowMs = Number.isFinite(when) ? when : this.clock;
    this.expire(nowMs);
    if (!isFragment(d)) return ok(d);
    this.counts.fragments++;
    const start = d.fragOffset;
    const len = d.payload.length;
    const end = start + len;
    const key = `${d.version}|${d.src}|${d.dst}|${d.id}|${d.protocol}`;
    let e = this.pending.get(key);
    if (e?.poisoned) return this.reject('fragment-after-reject', `datagram ${key} was already rejected`);
    if (d.moreFragments && (len === 0 || len % 8 !== 0)) {
      return this.poison(key, e, 'fragment-bad-offset', `non-final fragment of ${len} bytes is not a positive multiple of 8`);
    }
    if (end > MAX_DATAGRAM) return this.poison(key, e, 'fragment-bad-offset', `fragment ends at ${end} > ${MAX_DATAGRAM}`);
    if (!e) {
      while (this.pending.size >= this.maxPending) if (!this.evictOldest(null)) break;
      e = { created: nowMs, head: null, pieces: [], bytes: 0, total: null, poisoned: false };
      this.pending.set(key, e);
    }
    if (!d.moreFragments) {
      if (e.total !== null && e.total !== end) return this.poison(key, e, 'fragment-bad-offset', `final fragment ends at ${end}, earlier one at ${e.total}`);
      // Pieces are sorted and never overlap: the last one ends furthest.
      const past = e.pieces.at(-1);
      if (past && past.off + past.data.length > end) return this.poison(key, e, 'fragment-bad-offset', `final fragment ends at ${end} before data at ${past.off}`);
    } else if (e.total !== null && end > e.total) {
      return this.poison(key, e, 'fragment-bad-offset', `fragment ends at ${end} past final end ${e.total}`);
    }
    // Pieces are sorted by offset and never overlap, so only the neighbours of the place
    // this one goes can overlap it: a binary search, not a pass over every piece held (a
    // datagram of 8-byte fragments would otherwise cost ~33 M compares).
    const at = firstAtOrAfter(e.pieces, start);
    for (const p of [e.pieces[at - 1], e.pieces[at]]) {
      if (!p) continue;
      const pEnd = p.off + p.data.length;
      if (start < pEnd && p.off < end) {
        if (p.off === start && pEnd === end && p.data.equals(d.payload)) {
          this.counts.duplicates++;
          return ok(null);
        }
        return this.poison(key, e, 'fragment-overlap', `bytes ${start}-${end} overlap ${p.off}-${pEnd}`);
      }
    }
    // maxBytes >= 65535 >= any single datagram, so evicting the others always makes room.
    while (this.bytes + len > this.maxBytes) if (!this.evictOldest(key)) break;
    e.pieces.splice(at, 0, { off: start, data: Buffer.from(d.payload) });
    e.bytes += len;
    this.bytes += len;
    if (!d.moreFragments) e.total = end;
    if (start === 0) e.head = { ...d, payload: Buffer.alloc(0) };
    if (e.total === null || e.head === null || e.bytes !== e.total) return ok(null);
    // No overlaps and every piece inside [0, total): equal byte counts mean full coverage.
    this.drop(key, e);
    this.counts.reassembled++;
    const payload = Buffer.concat(e.pieces.map((p) => p.data), e.total);
    return ok({ ...e.head, fragOffset: 0, moreFragments: false, payload });
  }

  /** Evicts datagrams whose first fragment is older than the timeout (or far in the future). */
  expire(when: number): void {
    const nowMs = Number.isFinite(when) ? when : this.clock;
    this.clock = nowMs;
    for (const [key, e] of this.pending) {
      const age = nowMs - e.created;
      if (age < this.timeoutMs && -age < this.timeoutMs) break;
      this.drop(key, e);
      if (!e.poisoned) this.counts.timedOut++;
    }
  }

  private reject(reason: FragmentReason, detail: string): Result<never, FragmentReason> {
    this.counts.rejected++;
    return fail(reason, detail);
  }

  private poison(key: string, e: Entry | undefined, reason: FragmentReason, detail: string): Result<never, FragmentReason> {
    if (e) {
      this.bytes -= e.bytes;
      e.bytes = 0;
      e.pieces = [];
      e.head = null;
      e.poisoned = true;
    } else {
      // Remember the key so the rest of this datagram is dropped rather than half-collected.
      while (this.pending.size >= this.maxPending) if (!this.evictOldest(null)) break;
      this.pending.set(key, { created: this.clock, head: null, pieces: [], bytes: 0, total: null, poisoned: true });
    }
    return this.reject(reason, detail);
  }

  private drop(key: string, e: Entry): void {
    this.pending.delete(key);
    this.bytes -= e.bytes;
  }

  private evictOldest(keep: string | null): boolean {
    for (const [key, e] of this.pending) {
      if (key === keep) continue;
      this.drop(key, e);
      if (!e.poisoned) this.counts.evicted++;
      return true;
    }
    return false;
  }
}

/** Index of the first piece whose offset is at or after `off` (pieces sorted by offset). */
function firstAtOrAfter(pieces: readonly { off: number }[], off: number): number {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pieces[mid]?.off ?? Infinity) < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
