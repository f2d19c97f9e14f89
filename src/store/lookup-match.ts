// Whether a row satisfies a lookup exactly. Both stores use it: the memory store to find
// rows, the Cassandra store to drop the extra rows its coarser terms bring (a start longer
// than the longest written, the four numbers sharing one term), so every store returns
// the same rows for the same plan.
import { CASE_FOLDED_FIELDS, type Lookup, type MessageRow } from './types.js';

/** True when `r` has one of the lookup's values in its field (whole, start or end; lower-cased where folded). */
export function lookupMatches(l: Lookup, r: MessageRow): boolean {
  if (l.field === 'extra') return l.values.includes(r.extra[l.header] ?? '\u0000');
  const raw = r[l.field];
  if (raw === null) return false;
  const folded = CASE_FOLDED_FIELDS.has(l.field);
  const v = folded ? String(raw).toLowerCase() : String(raw);
  const want = folded ? l.values.map((x) => x.toLowerCase()) : l.values;
  if (l.match === 'prefix') return want.some((x) => v.startsWith(x));
  if (l.match === 'suffix') return want.some((x) => v.endsWith(x));
  return want.includes(v);
}

/** True when `r` satisfies at least one lookup of `plan` (a plan is a union). */
export function planMatches(plan: readonly Lookup[], r: MessageRow): boolean {
  return plan.some((l) => lookupMatches(l, r));
}

/** True when `r` satisfies every plan (each a necessary condition of the search). */
export function plansMatch(plans: readonly (readonly Lookup[])[], r: MessageRow): boolean {
  return plans.every((plan) => planMatches(plan, r));
}
