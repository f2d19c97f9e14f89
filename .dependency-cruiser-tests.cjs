// The rules for test code (x.test.ts, x.test-helper.ts, test/), run after
// .dependency-cruiser.cjs (shipped code) over the whole tree. Test code may reach across
// layers to build its inputs; these rules keep the few walls that still matter for it.
const shipped = require('./.dependency-cruiser.cjs');

/** The same test-code pattern the shipped-code config leaves out of its cruise. */
const TEST = shipped.options.exclude.path;

module.exports = {
  forbidden: [
    {
      name: 'src-not-to-test',
      comment: 'Shipped code does not import test code: the build would carry it. A suite that tests use (a conformance suite) is test code: name it x.test-helper.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'decoder-tests-stay-low',
      comment: 'A decoder test may use the other decoders (to build or read its input) and util, but no role, store or config.',
      severity: 'error',
      from: { path: '^src/(hep|sip|frames|pcapfile)/.+\\.test(-helper)?\\.ts$' },
      to: { path: '^(src|cluster|bench|web)/', pathNot: '^src/(util|hep|sip|frames|pcapfile)/' },
    },
    {
      name: 'src-tests-not-to-cluster',
      comment: 'Nothing under src/ imports cluster/, its tests included (issue 11, item 2).',
      severity: 'error',
      from: { path: '^src/.+\\.test(-helper)?\\.ts$' },
      to: { path: '^cluster/' },
    },
    {
      name: 'capture-tests-not-to-query',
      comment: 'A capture unit test tests capture; one that needs query is an integration test (test/integration).',
      severity: 'error',
      from: { path: '^src/capture/.+\\.test(-helper)?\\.ts$' },
      to: { path: '^src/query/' },
    },
    {
      name: 'query-tests-not-to-capture',
      comment: 'A query unit test tests query over stored rows (test/support builds them), not the capture path.',
      severity: 'error',
      from: { path: '^src/query/.+\\.test(-helper)?\\.ts$' },
      to: { path: '^src/capture/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would also hide a layer violation.',
      severity: 'error',
      from: { path: TEST },
      to: { couldNotResolve: true },
    },
  ],
  options: { ...shipped.options, exclude: undefined },
};
