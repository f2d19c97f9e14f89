import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BenchArgError, BenchArgs } from './args.js';

/** Reads with `read` from `argv` and checks for unknown options, as benchArgs does. */
function read<T>(argv: string[], get: (a: BenchArgs) => T): T {
  const a = new BenchArgs('bench:t', argv);
  const out = get(a);
  a.done();
  return out;
}

/** The one-line message a bad command line gets. */
function refusal(argv: string[], get: (a: BenchArgs) => unknown): string {
  try {
    read(argv, get);
  } catch (err) {
    assert.ok(err instanceof BenchArgError, String(err));
    return err.message;
  }
  assert.fail(`accepted ${argv.join(' ')}`);
}

describe('BenchArgs', () => {
  test('defaults when absent; --name value and --name=value when given', () => {
    assert.equal(read([], (a) => a.int('seconds', 5, 1, 600)), 5);
    assert.equal(read(['--seconds', '30'], (a) => a.int('seconds', 5, 1, 600)), 30);
    assert.equal(read(['--seconds=30'], (a) => a.int('seconds', 5, 1, 600)), 30);
    assert.equal(read([], (a) => a.optionalInt('heap-mb', 256, 32_768)), undefined);
    assert.deepEqual(read(['--rates', '100,200'], (a) => a.list('rates', '1', 1, 1000)), [100, 200]);
    assert.deepEqual(read([], (a) => a.list('rates', '2800,5600', 1, 100_000)), [2800, 5600]);
    assert.equal(read(['--layout', 'deploy'], (a) => a.choice('layout', ['all', 'deploy'], 'all')), 'deploy');
    assert.deepEqual(read(['--reuse'], (a) => [a.flag('reuse'), a.flag('no-sai')]), [true, false]);
  });

  test('a value out of range, not an integer, or not a choice is refused naming the option', () => {
    assert.equal(refusal(['--seconds', '0'], (a) => a.int('seconds', 5, 1, 600)), 'bench:t: --seconds must be an integer 1..600, not "0"');
    assert.equal(refusal(['--seconds', '2.5'], (a) => a.int('seconds', 5, 1, 600)), 'bench:t: --seconds must be an integer 1..600, not "2.5"');
    assert.equal(refusal(['--rates', '100,x'], (a) => a.list('rates', '1', 1, 1000)), 'bench:t: --rates must be integers 1..1000, comma separated, not "100,x"');
    assert.equal(refusal(['--layout', 'ring'], (a) => a.choice('layout', ['all', 'deploy'], 'all')), 'bench:t: --layout must be all or deploy, not "ring"');
  });

  test('an option the bench did not ask for is refused with the ones it did', () => {
    assert.equal(refusal(['--second', '5'], (a) => a.int('seconds', 5, 1, 600)), 'bench:t: unknown option --second; allowed: --seconds');
  });
});
