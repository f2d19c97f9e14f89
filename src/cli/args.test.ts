import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  test('nothing: no role, no flags, no help', () => {
    assert.deepEqual(parseArgs([]), { positional: [], flags: {}, help: false });
  });

  test('positionals keep their order; --key=value and --key value both set a flag', () => {
    assert.deepEqual(parseArgs(['cassandra', '--cassandra.keyspace=ks1', 'start', '--capture.location', 'berlin']), {
      positional: ['cassandra', 'start'],
      flags: { 'cassandra.keyspace': 'ks1', 'capture.location': 'berlin' },
      help: false,
    });
  });

  test('a value may contain = and commas; an empty value stays empty', () => {
    const a = parseArgs(['--capture.b2bSuffix=_x=\\d+$', '--cassandra.contact-points=10.0.0.1:9042,10.0.0.2', '--cassandra.password=']);
    assert.deepEqual(a.flags, { 'capture.b2bSuffix': '_x=\\d+$', 'cassandra.contact-points': '10.0.0.1:9042,10.0.0.2', 'cassandra.password': '' });
  });

  test('a flag followed by another flag, or last, is "true"', () => {
    assert.deepEqual(parseArgs(['--a', '--b=1', '--c']).flags, { a: 'true', b: '1', c: 'true' });
  });

  test('a value may start with a single dash', () => {
    assert.deepEqual(parseArgs(['--capture.location', '-west-']).flags, { 'capture.location': '-west-' });
  });

  test('a short flag such as --nodes is kept as given, in both forms (the config loader resolves it)', () => {
    assert.deepEqual(parseArgs(['cassandra', 'start', '--nodes', '3']).flags, { nodes: '3' });
    assert.deepEqual(parseArgs(['--nodes=2']).flags, { nodes: '2' });
  });

  test('--config FILE is kept as the config flag', () => {
    assert.deepEqual(parseArgs(['all', '--config', '/etc/siptrail.yaml']).flags, { config: '/etc/siptrail.yaml' });
  });

  test('--help or -h anywhere asks for help and is not a flag', () => {
    for (const argv of [['--help'], ['-h'], ['capture', '--help'], ['--capture.location=x', '-h', 'migrate']]) {
      const a = parseArgs(argv);
      assert.equal(a.help, true, argv.join(' '));
      assert.equal('help' in a.flags || 'h' in a.flags, false);
    }
  });

  test('the last of a repeated flag wins', () => {
    assert.deepEqual(parseArgs(['--log.level=info', '--log.level', 'debug']).flags, { 'log.level': 'debug' });
  });
});
