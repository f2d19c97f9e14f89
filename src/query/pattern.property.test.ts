// Property tests for HOMER patterns: the matcher agrees with a naive reference (a
// character-by-character wildcard matcher), never throws, and its index hints are sound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern, MAX_ALTERNATIVES } from './pattern.js';

/** Reference glob: recursive backtracking over characters, `*` and `%` match any run. */
function refGlob(p: string, v: string): boolean {
  if (p === '') return v === '';
  if (p[0] === '*' || p[0] === '%') {
    for (let i = 0; i <= v.length; i++) if (refGlob(p.slice(1), v.slice(i))) return true;
    return false;
  }
  return v !== '' && p[0] === v[0] && refGlob(p.slice(1), v.slice(1));
}

/** Reference semantics straight from the specification, written independently of the compiler. */
function refMatches(pattern: string, value: string | null, ci: boolean): boolean {
  const alts = pattern.split(';').map((a) => a.trim()).filter((a) => a !== '');
  const pos: string[] = [];
  const neg: string[] = [];
  for (const a of alts) (a.startsWith('!') ? neg : pos).push(a.startsWith('!') ? a.slice(1).trim() : a);
  const low = (s: string) => (ci ? s.toLowerCase() : s);
  if (value === null) return pos.length === 0;
  const v = low(value);
  const hit = (p: string) => refGlob(low(p), v);
  return (pos.length === 0 || pos.some(hit)) && !neg.some(hit);
}

// A small alphabet makes matches likely; the syntax characters are all in it.
const patternText = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '%', ';', '!', ' '), maxLength: 14 });
const value = fc.option(fc.string({ unit: fc.constantFrom('a', 'b', 'A', '!', ' '), maxLength: 8 }), { nil: null });
const valid = (p: string) => !/(?:^|;)\s*!\s*(?:;|$)/.test(p);

describe('compilePattern properties', () => {
  it('agrees with the reference matcher', () => {
    fc.assert(fc.property(patternText, value, fc.boolean(), (p, v, ci) => {
      fc.pre(valid(p));
      const c = compilePattern(p, { caseInsensitive: ci });
      assert.ok(c.ok);
      assert.equal(c.value.matches(v), refMatches(p, v, ci));
    }), { numRuns: 3000 });
  });

  it('never throws, on any text and any value', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null)), fc.boolean(), (p, v, ci) => {
      const c = compilePattern(p, { caseInsensitive: ci });
      if (c.ok) {
        c.value.matches(v);
        c.value.exactValues();
        c.value.prefix();
      } else {
        assert.equal(c.reason, 'bad-pattern');
      }
    }));
  });

  it('exactValues, when given, are exactly the matching values', () => {
    fc.assert(fc.property(patternText, value, (p, v) => {
      const c = compilePattern(p);
      fc.pre(c.ok);
      const exact = c.value.exactValues();
      fc.pre(exact !== null);
      assert.equal(c.value.matches(v), v !== null && exact.includes(v));
    }), { numRuns: 2000 });
  });

  it('every matching value starts with prefix()', () => {
    fc.assert(fc.property(patternText, value, fc.boolean(), (p, v, ci) => {
      const c = compilePattern(p, { caseInsensitive: ci });
      fc.pre(c.ok);
      const pre = c.value.prefix();
      if (pre !== null && v !== null && c.value.matches(v)) assert.ok((ci ? v.toLowerCase() : v).startsWith(pre));
    }), { numRuns: 2000 });
  });

  it('accepts up to MAX_ALTERNATIVES alternatives and refuses one more', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_ALTERNATIVES + 5 }), (n) => {
      const c = compilePattern(Array.from({ length: n }, (_, i) => `v${i}`).join(';'));
      assert.equal(c.ok, n <= MAX_ALTERNATIVES);
    }));
  });
});
