// Keeps the README walkable: under 300 lines, every folder of src/ and every package.json
// dependency named in it, and every relative link in README.md and docs/*.md pointing at a
// file that exists and, when the link names a heading (#anchor) of a Markdown file, at a
// heading that file has; a repository file named in inline code must exist too. Anchors
// are GitHub's: the heading text lower-cased, punctuation dropped, spaces to hyphens, a
// repeated heading numbered -1, -2, ...
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const MAX_README_LINES = 300;

/** The text outside fenced code blocks and inline code spans, line by line. */
export function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const mark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (mark && (fence === null || mark.startsWith(fence))) {
      fence = fence === null ? mark : null;
      return '';
    }
    return fence === null ? line.replace(/`[^`]*`/g, ' ') : '';
  });
}

/** GitHub's anchor for a heading's text. */
export function slug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    // Link text and tags exclude their own opener ([ or <): from a run of openers without a
    // closer, each match attempt then stops at the next opener (linear, not quadratic).
    .replace(/!?\[([^[\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^<>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** A heading's text without an optional closing sequence of `#` (`## Title ##`). */
function headingText(raw: string): string {
  const t = raw.trim();
  let end = t.length;
  while (end > 0 && t[end - 1] === '#') end--;
  return end < t.length && (end === 0 || t[end - 1] === ' ' || t[end - 1] === '\t') ? t.slice(0, end).trim() : t;
}

/** Every anchor a Markdown file offers: its headings' slugs, and `<a id|name="...">`. */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6}[ \t](.*)$/.exec(line);
    if (h) {
      const base = slug(headingText(h[1]!));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of line.matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(a[1]!);
  }
  return out;
}

/** Link targets in the prose: inline `[text](target)` / `![alt](target)` and reference definitions. */
export function linkTargets(markdown: string): string[] {
  const out: string[] = [];
  for (const line of proseLines(markdown)) {
    for (const m of line.matchAll(/\]\(<?([^)\s>]+)>?(?: "[^"]*")?\)/g)) out.push(m[1]!);
    const ref = /^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)/.exec(line);
    if (ref) out.push(ref[1]!);
  }
  return out;
}

/** What is wrong with the relative links of `file` (a path under the repository root). */
export function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  const text = readFileSync(join(root, file), 'utf8');
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto: ...
    const hash = target.indexOf('#');
    const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const abs = path === '' ? join(root, file) : resolve(dirname(join(root, file)), path);
    if (!existsSync(abs)) {
      problems.push(`${file}: link "${target}": ${relative(root, abs)} does not exist`);
      continue;
    }
    if (anchor === null || anchor === '') continue;
    if (!abs.endsWith('.md') || statSync(abs).isDirectory()) {
      problems.push(`${file}: link "${target}": an anchor into a file that is not Markdown`);
    } else if (!anchors(readFileSync(abs, 'utf8')).has(anchor)) {
      problems.push(`${file}: link "${target}": ${relative(root, abs)} has no heading with anchor #${anchor}`);
    }
  }
  return problems;
}

/** Repository files named in inline code (`src/query/legs.ts`) that do not exist; paths with a wildcard or placeholder are skipped. */
export function missingCodePaths(file: string): string[] {
  let fenced = false;
  const missing: string[] = [];
  for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const path = m[1]!;
      const repoFile = /^(?:src|cluster|bench|test|web|cql|docs|\.ci)\//.test(path) && /\.[a-z0-9]+$/i.test(path) && !/[*<>]/.test(path);
      if (repoFile && !existsSync(join(root, path))) missing.push(`${file}: \`${path}\` does not exist`);
    }
  }
  return missing;
}

function docFiles(): string[] {
  const docs = join(root, 'docs');
  const md = existsSync(docs) ? readdirSync(docs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join('docs', f)) : [];
  return ['README.md', ...md.sort()];
}

describe('README and docs', () => {
  test(`README.md has at most ${MAX_README_LINES} lines`, () => {
    const lines = readFileSync(join(root, 'README.md'), 'utf8').replace(/\n$/, '').split('\n').length;
    assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines; move detail into docs/ and link to it`);
  });

  test('every relative link in README.md and docs/*.md reaches an existing file and heading', () => {
    assert.deepEqual(docFiles().flatMap(brokenLinks), []);
  });

  test('every repository file named in inline code in README.md and docs/*.md exists', () => {
    assert.deepEqual(docFiles().flatMap(missingCodePaths), []);
  });

  test('README.md names every folder of src/ ("where to change what" and the data path)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    assert.deepEqual(folders.filter((f) => !readme.includes(`src/${f}`)), []);
  });

  test('README.md "Dependencies" says what every package.json dependency is for', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Dependencies'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const names = ['dependencies', 'optionalDependencies', 'devDependencies'].flatMap((k) => Object.keys(pkg[k] ?? {}));
    assert.deepEqual(names.filter((n) => !section.includes(`\`${n}\``)), []);
  });
});

describe('the link checker itself', () => {
  test('slugs as GitHub makes them', () => {
    assert.equal(slug('The mission check: 10 million packets per hour on a 3-node ring'), 'the-mission-check-10-million-packets-per-hour-on-a-3-node-ring');
    assert.equal(slug('1 hour of `siptrail all` at 10 million packets/hour: PASS'), '1-hour-of-siptrail-all-at-10-million-packetshour-pass');
    assert.equal(slug('Capture, agent and import'), 'capture-agent-and-import');
  });

  test('slugs in linear time: a long run of unclosed [ or < is not rescanned from each one', () => {
    const started = Date.now();
    assert.equal(slug(`${'['.repeat(100_000)}x`), 'x');
    assert.equal(slug(`${'<'.repeat(100_000)}y`), 'y');
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  test('a repeated heading gets -1; code blocks hold no headings', () => {
    assert.deepEqual([...anchors('# A\n## A ##\n```\n# B\n```\n### C#\n')], ['a', 'a-1', 'c']);
  });

  test('links in code are not links; reference definitions are', () => {
    const md = 'see [x](docs/a.md#b) and `[y](no.md)`\n```\n[z](no.md)\n```\n[r]: ./c.md\n![img](d.svg "t")\n';
    assert.deepEqual(linkTargets(md), ['docs/a.md#b', './c.md', 'd.svg']);
  });
});
