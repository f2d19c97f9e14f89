// The layer rules, checked by `npm test` (before the unit tests) and `npm run lint`.
// Folders follow the data path: decoders at the bottom over util, the store
// in the middle, the roles (capture, query, agent, import, http) above it, cli on top; the
// launcher kit in cluster/ and the browser build in web/ stand beside src/, not inside it.
//
// This file checks shipped code: test code is left out of the cruise (options.exclude).
// Test code (x.test.ts, x.test-helper.ts, test/) reaches across layers to build its inputs
// — a frames test reads a fixture with pcapfile, a src test builds rows with test/support,
// test/support builds rows from src/store — so with it every folder would sit on a cycle.
// Its own rules are in .dependency-cruiser-tests.cjs (run second, over the whole tree).

/** Test code: unit tests, their helpers, and test/. */
const TEST = '(^test/|\\.test\\.ts$|\\.test-helper\\.ts$)';

/** Decoders: pure (buf) => Result functions, at the bottom of the data path. */
const DECODERS = '^src/(hep|sip|frames|pcapfile)/';

/**
 * The files the browser build shares with the server, listed by hand, one by one. Each is
 * Node-free: it imports only other files of this list, and no npm package or Node module
 * (rule shared-imports-only-shared), so whatever the web build reaches through them is in
 * this list too. web/tsconfig.json (no Node types) type-checks them as part of that build.
 */
const WIRE_TYPES = [
  // Types only (and a constant or two that the web build does not import): the web build
  // takes them as types (rule web-wire-types-type-only), nothing of them reaches the bundle.
  '^src/query/api/wire-types\\.ts$',
  '^src/query/search-request-body\\.ts$',
  '^src/query/status-body\\.ts$',
  '^src/store/message-fields\\.ts$',
  '^src/store/users\\.ts$',
  '^src/store/directory\\.ts$',
  '^src/flow/types\\.ts$',
];
const SHARED_CODE = [
  // Code the bundle runs: host alias matching and the one canonical address text, so the
  // results table and the call flow name and compare hosts alike.
  '^src/flow/alias-lookup\\.ts$',
  '^src/util/ip-address\\.ts$',
];
const SHARED = [...WIRE_TYPES, ...SHARED_CODE];

/** The roles, each a wing of the one binary; cli wires them. */
const ROLES = '^src/(capture|query|agent|import|http)/';

module.exports = {
  forbidden: [
    {
      name: 'decoder-imports-only-util',
      comment:
        'A decoder (hep, sip, pcapfile) imports only src/util and its own folder. frames may also import sip: the frames stage ends in SIP messages (splitting a TCP stream into messages and reading the Call-ID need SIP framing). No other decoder builds on another.',
      severity: 'error',
      from: { path: '^src/(hep|sip|pcapfile)/' },
      to: { path: '^(src|cluster|test|web|bench)/', pathNot: '^src/(util|$1)/' },
    },
    {
      name: 'frames-imports-only-sip-and-util',
      comment: 'See decoder-imports-only-util: frames builds on sip, nothing else.',
      severity: 'error',
      from: { path: '^src/frames/' },
      to: { path: '^(src|cluster|test|web|bench)/', pathNot: '^src/(util|frames|sip)/' },
    },
    {
      name: 'decoder-does-no-io',
      comment:
        'A decoder takes a buffer and returns a result: no npm package, no Node module that does I/O. src/frames/live-pcap.ts is the one exception: the libpcap source that feeds the frames stage, shared by capture and agent; it decodes nothing.',
      severity: 'error',
      from: { path: DECODERS, pathNot: '^src/frames/live-pcap\\.ts$' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'],
        pathNot: '^(node:)?(buffer|zlib|crypto|util)$',
      },
    },
    {
      name: 'util-is-the-floor',
      comment: 'src/util holds the helpers everything may use; it imports nothing else of src.',
      severity: 'error',
      from: { path: '^src/util/' },
      to: { path: '^(src|cluster|test|web|bench)/', pathNot: '^src/util/' },
    },
    {
      name: 'capture-not-to-query',
      comment: 'Capture writes, query reads; they meet only in the store.',
      severity: 'error',
      from: { path: '^src/capture/' },
      to: { path: '^src/query/' },
    },
    {
      name: 'query-not-to-capture',
      comment: 'Capture writes, query reads; they meet only in the store.',
      severity: 'error',
      from: { path: '^src/query/' },
      to: { path: '^src/capture/' },
    },
    {
      name: 'store-not-to-roles',
      comment: 'The store owns its contracts: it depends on no consumer (role, cli) and not on the launcher kit in cluster/ (issue 11, item 1-2).',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: [ROLES, '^src/cli/', '^cluster/'] },
    },
    {
      name: 'src-not-to-cluster',
      comment: 'cluster/ is the launcher and deployment kit; it uses src, never the reverse (issue 11, item 2).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^cluster/' },
    },
    {
      name: 'web-only-wire-types',
      comment: 'The browser build takes from src only the shared files (SHARED: the API wire types and two Node-free modules), never Node code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|cluster|bench|test)/', pathNot: SHARED },
    },
    {
      name: 'web-wire-types-type-only',
      comment: 'The web build imports the wire types as types (import type / export type): only SHARED_CODE is bundled.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: WIRE_TYPES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'A file the web build shares imports only other shared files: no other src file, no npm package, no Node module, so no Node code can reach the bundle through it.',
      severity: 'error',
      from: { path: SHARED },
      to: { pathNot: SHARED },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders depend on each other, directly or round a loop.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would also hide a layer violation.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // No includeOnly: npm packages and Node modules stay in the graph (as leaves, not followed) for decoder-does-no-io.
    exclude: { path: TEST },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.lint.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.d.ts'] },
    skipAnalysisNotInRules: true,
  },
};
