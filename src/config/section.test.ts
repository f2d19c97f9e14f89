import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadSections } from './load.js';
import { bool, defaultsOf, fieldsOf, hostPort, int, list, oneOf, section, text, valuesOf, type SectionValues } from './section.js';

// A module's section as a module would declare it; the loader knows nothing else about it.
const demo = section({
  name: 'demo',
  help: 'a module under test',
  keys: {
    name: text({ nonEmpty: true, default: 'x', help: 'a name' }),
    code: text({ pattern: { re: /^[A-Z]{3}$/, says: 'three capital letters' }, default: 'ABC', help: 'a code' }),
    count: int({ min: 1, max: 10, default: 2, alias: 'n', help: 'how many' }),
    fast: bool({ default: true, alias: 'fast', help: 'go fast' }),
    mode: oneOf({ values: ['a', 'b'], default: 'a', help: 'which' }),
    peers: list({ item: 'hostport', default: ['h:1'], help: 'who' }),
    listen: hostPort({ default: '0.0.0.0:1', help: 'where' }),
  },
});
const tool = section({
  name: 'tool',
  help: 'a command\'s own section',
  command: 'tool',
  keys: { size: int({ min: 1, max: 9, default: 3, alias: 'size', replaces: 'demo.count', help: 'size of the tool' }) },
});
const both = [demo, tool] as const;

/** The one-line ConfigError `load` throws. */
function rejection(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('accepted');
}

describe('config sections', () => {
  test('the defaults are the declared ones, typed, with lists copied per call', () => {
    const d = defaultsOf(both);
    const count: number = d.demo.count;
    const mode: 'a' | 'b' = d.demo.mode;
    assert.equal(count, 2);
    assert.equal(mode, 'a');
    assert.deepEqual(d.tool, { size: 3 });
    d.demo.peers.push('h:2');
    assert.deepEqual(defaultsOf(both).demo.peers, ['h:1']);
  });

  test('fields carry their dotted path and section, in declaration order', () => {
    assert.deepEqual(fieldsOf(both).map((f) => f.path), ['demo.name', 'demo.code', 'demo.count', 'demo.fast', 'demo.mode', 'demo.peers', 'demo.listen', 'tool.size']);
    assert.equal(fieldsOf(both)[7]!.section, tool);
  });

  test('a declared section loads from env and flags, flags last, and records what was set', () => {
    const { config, explicit } = loadSections(both, { env: { SIPTRAIL_DEMO_COUNT: '4', SIPTRAIL_DEMO_MODE: 'b' }, flags: { 'demo.count': '5', 'demo.peers': 'a:1, b:2' } });
    assert.equal(config.demo.count, 5);
    assert.equal(config.demo.mode, 'b');
    assert.deepEqual(config.demo.peers, ['a:1', 'b:2']);
    assert.deepEqual([...explicit].sort(), ['demo.count', 'demo.mode', 'demo.peers']);
    const values: SectionValues<typeof demo> = valuesOf(demo, config);
    assert.equal(values.name, 'x');
  });

  test('an alias names its key; --no-<flag> turns a bool off', () => {
    assert.equal(loadSections(both, { flags: { n: '7' } }).config.demo.count, 7);
    assert.equal(loadSections(both, { flags: { 'no-fast': 'true' } }).config.demo.fast, false);
    assert.equal(loadSections(both, { flags: { 'no-demo.fast': 'true' } }).config.demo.fast, false);
    assert.equal(loadSections(both, { flags: { fast: 'false' } }).config.demo.fast, false);
  });

  test('a command\'s section: its aliases count only in that command, where the keys it replaces are refused', () => {
    assert.equal(loadSections(both, { flags: { size: '5' }, command: 'tool' }).config.tool.size, 5);
    assert.match(rejection(() => loadSections(both, { flags: { size: '5' }, command: 'other' })), /flag --size: unknown option; allowed: .*--n, --fast/);
    assert.match(rejection(() => loadSections(both, { flags: { 'demo.count': '5' }, command: 'tool' })), /flag --demo.count: not used by "siptrail tool"; use --tool.size \(or --size\)/);
    assert.equal(loadSections(both, { flags: { 'demo.count': '5' }, command: 'other' }).config.demo.count, 5);
  });

  describe('a bad value is rejected with one line: where it came from, the key, the value, what is allowed', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'demo.count': '11' }, 'flag --demo.count: demo.count: "11" is not allowed; allowed: an integer 1..10'],
      [{ n: 'two' }, 'flag --n: demo.count: "two" is not allowed; allowed: an integer 1..10'],
      [{ 'demo.code': 'abc' }, 'flag --demo.code: demo.code: "abc" is not allowed; allowed: three capital letters'],
      [{ 'demo.mode': 'c' }, 'flag --demo.mode: demo.mode: "c" is not allowed; allowed: a, b'],
      [{ 'demo.fast': 'maybe' }, 'flag --demo.fast: demo.fast: "maybe" is not allowed; allowed: true, false'],
      [{ 'demo.name': '' }, 'flag --demo.name: demo.name: must not be empty'],
      [{ 'demo.listen': 'a:b:c' }, 'flag --demo.listen: demo.listen: "a:b:c" is not host:port'],
    ];
    for (const [flags, message] of cases) {
      test(JSON.stringify(flags), () => assert.equal(rejection(() => loadSections(both, { flags })), message));
    }

    test('from the environment', () => {
      assert.equal(rejection(() => loadSections(both, { env: { SIPTRAIL_TOOL_SIZE: '0' } })), 'environment SIPTRAIL_TOOL_SIZE: tool.size: "0" is not allowed; allowed: an integer 1..9');
    });
  });
});
