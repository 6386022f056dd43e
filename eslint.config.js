import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What a module may import: another module's service or a contract, never its internals, seed data or test code. */
const MODULE_IMPORTS = [
  { regex: '^\\.\\./[^./][^/]*/(?![^/]+\\.service\\.js$)', message: "A module imports another module's service (or a contract) only." },
  { regex: '^(\\.\\./)+(db/seed|test)/', message: 'Modules do not import seed data or test code.' },
];
/** Scope predicates are marked as such only in a module's policy file; a service asks the policy for them. */
const SCOPE_BUILT_IN_POLICIES = {
  name: '../../platform/scope.js',
  importNames: ['asScope'],
  message: 'Build scope predicates in the module policy (*.policy.ts); services take them from there.',
};

/** The browser takes the contracts' types only (values only from `*.enums`): schemas stay on the server. */
const CONTRACT_TYPES_ONLY = {
  group: ['@contracts/*', '**/contracts/*', '!@contracts/*.enums'],
  allowTypeImports: true,
  message: 'Import contracts with `import type` (values only from `*.enums`): schemas stay on the server.',
};
/** Shared web components that draw nothing of the component library, which the portal may use. */
const PORTAL_SAFE_COMPONENTS = [
  '!**/components/field-error',
  '!**/components/labels',
  '!**/components/skills',
  '!**/components/use-api',
  '!**/components/FullPageLoad',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'server/db/types.ts', 'e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='raw'][callee.object.name='sql'] > TemplateLiteral[expressions.length>0]",
          message: 'No string-built SQL: use sql`` parameters.',
        },
      ],
    },
  },
  // Module boundaries (docs/ARCHITECTURE.md); the data side is checked by server/test/boundaries.unit.test.ts.
  {
    files: ['server/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '/modules/', message: 'The platform imports no module.' }] }] },
  },
  {
    files: ['server/modules/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-helpers.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: MODULE_IMPORTS, paths: [SCOPE_BUILT_IN_POLICIES] }] },
  },
  // A module's policy is where its scope predicates are written (docs/CONVENTIONS.md, "Scope").
  {
    files: ['server/modules/**/*.policy.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: MODULE_IMPORTS }] },
  },
  {
    files: ['server/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./[^./][^/]*/', message: "A routes file calls its own module's service only." },
            { regex: '\\.repository\\.js$', message: 'Routes call the service; repositories are the service’s own.' },
            { regex: '^(\\.\\./)+(db/seed|test)/', message: 'Modules do not import seed data or test code.' },
          ],
        },
      ],
    },
  },
  // Promises: none left floating, none passed where a callback's result is ignored (JSX handlers excepted: React
  // ignores their result by design). Type-aware, so these read the TypeScript projects.
  {
    files: ['server/**/*.ts', 'contracts/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.test.ts', 'server/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Pages call routes through their module's typed client (web/src/api/<module>.ts), never by a literal API path.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/api/**', 'web/src/api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\/api\\//]', message: 'Call the route through its module client in web/src/api (no API path in a page).' },
        { selector: 'TemplateElement[value.raw=/^\\/api\\//]', message: 'Call the route through its module client in web/src/api (no API path in a page).' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly', fetch: 'readonly' } },
    rules: {
      // Contracts hold TypeBox schemas for the server; the browser takes their types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [CONTRACT_TYPES_ONLY],
          paths: [
            { name: 'antd', importNames: ['Table'], allowTypeImports: true, message: 'Import Table from components/Table: its wide body scrolls by keyboard.' },
          ],
        },
      ],
    },
  },
  // The phone portal is drawn with its own light components (web/src/portal/ui, ADR 0028), never the console's library.
  {
    files: ['web/src/portal/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            CONTRACT_TYPES_ONLY,
            {
              group: [
                'antd',
                'antd/*',
                '@ant-design/*',
                '!@ant-design/icons',
                '**/features/*/*',
                '!**/features/*/text',
                '**/components/*',
                ...PORTAL_SAFE_COMPONENTS,
              ],
              message: 'Portal pages use web/src/portal/ui, not the console component library or its pages (ADR 0028).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/components/Table.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: {
      // A contract is data both sides read: schemas and route objects, nothing of either side.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/web/**', 'fastify', 'kysely', 'react'], message: 'Contracts import only TypeBox and other contracts.' }] },
      ],
    },
  },
);
