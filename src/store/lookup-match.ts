// Whether a row satisfies a lookup exactly. Both stores use it: the memory store to find
// rows, the Cassandra store to drop the extra rows its coarser terms bring (an exact number
// found by its last 6 characters, the four numbers sharing one term), so every store
// returns the same rows for the same plan.
import { CASE_FOLDED_FIELDS, type Lookup, type MessageRow } from './types.js';

/** A lookup with its values as compared: lower-cased once where the field is folded. */
interface Compiled { l: Lookup; want: readonly string[]; folded: boolean }

function compile(l: Lookup): Compiled {
  const folded = l.field !== 'extra' && CASE_FOLDED_FIELDS.has(l.field);
  return { l, want: folded ? l.values.map((x) => x.toLowerCase()) : l.values, folded };
}

/** True when `r` has one of the lookup's values in its field (whole, start or end; lower-cased where folded). */
function lookupMatches({ l, want, folded }: Compiled, r: MessageRow): boolean {
  if (l.field === 'extra') return want.includes(r.extra[l.header] ?? '\u0000');
  const raw = r[l.field];
  if (raw === null) return false;
  const v = folded ? String(raw).toLowerCase() : String(raw);
  if (l.match === 'prefix') return want.some((x) => v.startsWith(x));
  if (l.match === 'suffix') return want.some((x) => v.endsWith(x));
  return want.includes(v);
}

/**
 * A predicate true when a row satisfies every plan (each a necessary condition of the
 * search; a plan is a union of lookups). Built once per search: values are folded here,
 * not per row.
 */
export function plansMatcher(plans: readonly (readonly Lookup[])[]): (r: MessageRow) => boolean {
  const compiled = plans.map((plan) => plan.map(compile));
  return (r) => compiled.every((plan) => plan.some((c) => lookupMatches(c, r)));
}
