// Step 3 of call-flow assembly: which messages belong together. Rules (RFC 3261):
//
// Transaction = (Call-ID, top Via branch, CSeq number, method), where a response's method
// is its CSeq method (§17.1.3: a response matches the client transaction whose branch and
// CSeq method it carries). Call-ID is added because some UAs reuse branch values across
// calls, and B2B legs must never share a transaction.
//   - ACK for a non-2xx final response is part of the INVITE transaction (§17.1.1.3): it
//     has the INVITE's branch and CSeq number. It joins the INVITE transaction when one
//     with that branch and number exists and has not seen a 2xx; otherwise ACK is its own
//     transaction (the ACK for a 2xx is end-to-end, §13.2.2.4, even when a UA wrongly
//     reuses the INVITE's branch).
//   - CANCEL carries the INVITE's branch (§9.1) but is its own transaction with its own
//     200; the INVITE is still answered by its 487. The method keeps them apart.
//   - A branch without the "z9hG4bK" cookie comes from an RFC 2543 client, where branch is
//     not unique (§17.2.3); such messages are keyed by (Call-ID, From tag, CSeq number,
//     method) instead, the parts of §17.2.3's fallback that responses carry too.
//   - Transaction copies (retransmissions, captures at several points) share the transaction.
//
// Dialog = (Call-ID, {From tag, To tag}) as an unordered pair, so requests the callee sends
// (tags swapped) stay in the dialog. A message without a To tag (the INVITE, a 100) joins
// the dialog of its transaction's first message that has both tags.
//
// A response answers the latest earlier request of its transaction captured at the same
// location, else the latest earlier one anywhere, else (clock skew between capture nodes)
// the transaction's first request.
import type { MessageRow } from '../store/types.js';

/** How one message relates to the others; indexes refer to positions in the input list. */
export interface MessageLinks {
  isRequest: boolean;
  /** Transaction index in first-seen order; null for non-SIP rows. */
  transaction: number | null;
  /** Dialog index in first-seen order; null for non-SIP rows. */
  dialog: number | null;
  /** For a response: the index of the request it answers, null when that was not captured. */
  answers: number | null;
}

const isSip = (r: MessageRow): boolean => r.method !== null || r.status !== null;

// The part of the key shared by every method of one branch + CSeq number.
function baseKey(r: MessageRow): string {
  const branch = r.viaBranch ?? '';
  if (branch.toLowerCase().startsWith('z9hg4bk')) return `b\0${r.callId}\0${branch}\0${r.cseqNum ?? ''}`;
  return `l\0${r.callId}\0${r.fromTag ?? ''}\0${r.cseqNum ?? ''}`;
}

const methodOf = (r: MessageRow): string => (r.method ?? r.cseqMethod ?? '').toUpperCase();

/** Assigns transactions and dialogs to messages in capture order and pairs responses with requests. */
export function linkMessages(rows: readonly MessageRow[]): MessageLinks[] {
  const txIndex = new Map<string, number>();
  const saw2xx = new Set<number>();
  const txOf: (number | null)[] = rows.map((r) => {
    if (!isSip(r)) return null;
    const base = baseKey(r);
    let key = `${base}\0${methodOf(r)}`;
    if (r.method === 'ACK') {
      const invite = txIndex.get(`${base}\0INVITE`);
      if (invite !== undefined && !saw2xx.has(invite)) key = `${base}\0INVITE`;
    }
    let tx = txIndex.get(key);
    if (tx === undefined) {
      tx = txIndex.size;
      txIndex.set(key, tx);
    }
    if (r.status !== null && r.status >= 200 && r.status < 300) saw2xx.add(tx);
    return tx;
  });
  const dialogOf = dialogs(rows, txOf);
  const requestsOf = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const tx = txOf[i];
    if (tx === null || tx === undefined || r.method === null || r.method === 'ACK') return;
    const list = requestsOf.get(tx);
    if (list) list.push(i);
    else requestsOf.set(tx, [i]);
  });
  return rows.map((r, i) => {
    const tx = txOf[i] ?? null;
    const isRequest = r.method !== null;
    const answers = isRequest || tx === null ? null : answered(rows, requestsOf.get(tx) ?? [], i);
    return { isRequest, transaction: tx, dialog: dialogOf[i] ?? null, answers };
  });
}

/** The request a response at `i` answers: the last one before it at its location, else the last before it, else the first. `requests` ascend. */
function answered(rows: readonly MessageRow[], requests: number[], i: number): number | null {
  const loc = rows[i]?.location;
  // Newest first from just before i: O(log n) to find the start, then the first match at
  // the same location among the last 64 requests (a flood of one request stays cheap).
  const start = lastBelow(requests, i);
  for (let k = start; k >= 0 && k > start - 64; k--) {
    const j = requests[k];
    if (j !== undefined && rows[j]?.location === loc) return j;
  }
  return requests[start] ?? requests[0] ?? null;
}

/** Index in ascending `xs` of the last value below `i`, or -1. */
function lastBelow(xs: number[], i: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? Infinity) < i) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function tagPair(r: MessageRow): string {
  const tags = [r.fromTag ?? '', r.toTag ?? ''].sort();
  return `${r.callId}\0${tags[0]}\0${tags[1]}`;
}

function dialogs(rows: readonly MessageRow[], txOf: readonly (number | null)[]): (number | null)[] {
  const txDialog = new Map<number, string>();
  rows.forEach((r, i) => {
    const tx = txOf[i];
    if (tx !== null && tx !== undefined && r.fromTag && r.toTag && !txDialog.has(tx)) txDialog.set(tx, tagPair(r));
  });
  const index = new Map<string, number>();
  return rows.map((r, i) => {
    const tx = txOf[i];
    if (tx === null || tx === undefined) return null;
    const key = r.fromTag && r.toTag ? tagPair(r) : (txDialog.get(tx) ?? tagPair(r));
    let d = index.get(key);
    if (d === undefined) {
      d = index.size;
      index.set(key, d);
    }
    return d;
  });
}
