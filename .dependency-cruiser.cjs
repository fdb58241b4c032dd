/** Import boundaries between Kehu's parts. Run by `npm test` (npm run check:boundaries). */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-the-core',
      comment: 'shared/ is the pure core: it imports nothing from extension/, sdk/, collector/ or tests/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(extension|sdk|collector|tests|scripts)/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'shared/ does no I/O: no Node built-ins and no browser, storage or server libraries.',
      severity: 'error',
      from: { path: '^shared/' },
      to: {
        pathNot: '^shared/',
        dependencyTypesNot: ['type-only'],
        path: [
          '^node:',
          '^(fs|path|os|http|https|net|crypto|child_process|stream|zlib|url|util|worker_threads)$',
          'node_modules/(dexie|preact|hono|@hono|@electric-sql|pg|wxt|@webext-core)/',
        ],
      },
    },
    {
      name: 'shared-only-its-libraries',
      comment: 'shared/ may use only its chosen pure libraries: zod, tldts, papaparse.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['npm', 'npm-dev'], pathNot: 'node_modules/(zod|tldts|tldts-core|papaparse)/' },
    },
    {
      name: 'collector-not-clients',
      comment: 'collector/ imports neither extension/ nor sdk/.',
      severity: 'error',
      from: { path: '^collector/' },
      to: { path: '^(extension|sdk)/' },
    },
    {
      name: 'extension-not-server-or-sdk',
      comment: 'extension/ does not import the collector or the SDK: they talk over HTTP.',
      severity: 'error',
      from: { path: '^extension/' },
      to: { path: '^(collector|sdk)/' },
    },
    {
      name: 'sdk-only-small-shared',
      comment:
        'sdk/ imports only the small, DOM-free parts of shared/ (the submission schema, its plain rules and locale helpers): it ships to every site.',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { path: '^shared/', pathNot: '^shared/src/(model/submission|model/submission-rules|i18n/locale)\\.ts$' },
    },
    {
      name: 'sdk-not-others',
      comment: 'sdk/ does not import the extension or the collector.',
      severity: 'error',
      from: { path: '^sdk/' },
      to: { path: '^(extension|collector)/' },
    },
    // The extension's layers, top to bottom: entrypoints/ → features (overlay/, ui/, sync/, risk/,
    // platform.ts, pages.ts, reminders.ts) → api/ → store/ → base/ → shared/. A layer imports only
    // the layers below it; features may import one another as long as no folder cycle forms.
    {
      name: 'extension-entrypoints-on-top',
      comment: 'Nothing in extension/src imports an entrypoint: entrypoints wire the layers below them.',
      severity: 'error',
      from: { path: '^extension/src/' },
      to: { path: '^extension/entrypoints/' },
    },
    {
      name: 'extension-api-below-features',
      comment:
        'api/ (the handlers, the router, the typed client) imports only store/, base/ and shared/: the features it needs (risk, sync, the browser) reach it as the ports in base/ports.ts.',
      severity: 'error',
      from: { path: '^extension/src/api/' },
      to: { path: '^extension/src/', pathNot: '^extension/src/(api|store|base)/' },
    },
    {
      name: 'extension-store-below-api',
      comment: 'store/ (Dexie queries, settings storage, meta-row names) imports only store/, base/ and shared/.',
      severity: 'error',
      from: { path: '^extension/src/store/' },
      to: { path: '^extension/src/', pathNot: '^extension/src/(store|base)/' },
    },
    {
      name: 'extension-base-is-the-floor',
      comment:
        'base/ (ports, storage key names, the sync status shape) imports only base/ and shared/: every layer may import it.',
      severity: 'error',
      from: { path: '^extension/src/base/' },
      to: { path: '^extension/', pathNot: '^extension/src/base/' },
    },
    {
      name: 'extension-content-scripts-only-types-from-background',
      comment:
        'Content scripts run in every mailbox tab and extension pages in their own documents: from the background (store/, sync/, risk/, the API handlers, platform.ts, pages.ts, reminders.ts) they import only types, and call it through api/client.ts.',
      severity: 'error',
      from: {
        path: '^extension/(entrypoints/([^/]+\\.content\\.ts$|popup/|options/|sidepanel/)|src/(overlay|ui)/)',
      },
      to: {
        path: '^extension/',
        pathNot: '^extension/src/(overlay|ui|base)/|^extension/src/api/(client|messaging)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No import cycle between folders: a folder is a unit a newcomer can read from the bottom up. (Within shared/, extension/ and collector/.)',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(shared|extension|collector)/' },
      to: { circular: true },
    },
    {
      name: 'console-only-shared',
      comment:
        'console/ (the team console in the browser) talks to the collector over HTTP: it imports shared/ and preact, never the collector, the extension or the SDK.',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^(collector|extension|sdk|tests|scripts)/' },
    },
    {
      name: 'console-not-node',
      comment: 'console/src runs in the browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { path: ['^node:', '^(fs|path|os|http|https|net|crypto|child_process|stream|zlib|url|util|worker_threads)$'] },
    },
    {
      name: 'others-not-console',
      comment: 'Nothing imports the console UI: the collector serves its built files.',
      severity: 'error',
      from: { path: '^(shared|collector|extension|sdk)/' },
      to: { path: '^console/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.output|\\.wxt|test-results)/' },
    // typescript@7 (native) has no compiler API yet, so dependency-cruiser parses with swc.
    parser: 'swc',
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
  },
};
