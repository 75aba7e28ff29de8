// Lint settings, including the layering rules: the qualification core stays pure and each layer imports only downwards.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Each pattern may set its own allowTypeImports (a type is no dependency at run time); `allowTypeImports` is the default.
const restrict = (patterns, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: patterns.map((p) => ({ allowTypeImports, ...p })) },
  ],
})

const framework = { group: ['fastify', '@fastify/*', 'drizzle-orm', 'drizzle-orm/*', 'pg', 'pino', '@electric-sql/*'] }

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tap/', 'migrations/', 'openapi/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Prettier wraps code at 120; this catches what it leaves long (comments). Long strings and URLs stay whole.
    files: ['src/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    files: ['src/qualification/**/*.ts'],
    rules: {
      ...restrict([
        { ...framework, message: 'src/qualification is the pure core: no framework, database or logger' },
        { group: ['node:*'], message: 'src/qualification is the pure core: no Node.js APIs' },
        { group: ['../*', '!./*'], message: 'src/qualification imports nothing outside itself' },
      ]),
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the clock is an argument of the pure core' },
        { object: 'Math', property: 'random', message: 'randomness is an argument of the pure core' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the clock is an argument of the pure core',
        },
      ],
    },
  },
  {
    files: ['src/schemas/**/*.ts'],
    rules: restrict([
      {
        group: ['**/db/*', '**/services/*', '**/routes/*', '**/plugins/*', 'fastify', 'drizzle-orm*'],
        message: 'schemas may use only the qualification core',
      },
    ]),
  },
  {
    // A JSON column is typed with the core's shape ($type<Evaluation>()), so db may name the core's types; it runs
    // none of its code.
    files: ['src/db/**/*.ts'],
    rules: restrict([
      {
        group: ['fastify', '@fastify/*', '**/services/*', '**/routes/*', '**/plugins/*'],
        message: 'db knows nothing of the web or the use cases',
      },
      {
        group: ['**/qualification/*'],
        allowTypeImports: true,
        message: "db may name the core's types (for JSON columns), never run its code",
      },
    ]),
  },
  {
    // Services may use the TypeBox shapes of src/schemas (what a use case takes and returns, and the checks of an
    // import's rows); schemas import only the core, so no cycle. SQL stays in the repositories.
    files: ['src/services/**/*.ts'],
    rules: restrict([
      { group: ['fastify', '@fastify/*', '**/routes/*', '**/plugins/*'], message: 'services know nothing of HTTP' },
      {
        group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', '**/db/schema.js'],
        message: 'services reach the database through src/db/repositories, never by SQL of their own',
      },
    ]),
  },
  {
    // Plugins are the HTTP edge: they call services and may name the database's type, never query it.
    files: ['src/plugins/**/*.ts'],
    rules: restrict([
      { group: ['**/routes/*'], message: 'plugins do not depend on routes' },
      {
        group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*'],
        message: 'plugins run no SQL: call a service',
      },
      {
        group: ['**/db/repositories/*', '**/db/schema.js', '**/db/migrate*.js'],
        message: 'plugins reach the database through services',
      },
      {
        group: ['**/db/client.js'],
        allowTypeImports: true,
        message: 'plugins reach the database through services (naming its type is fine)',
      },
      { group: ['**/qualification/*'], message: 'plugins do not decide: the core is for services' },
    ]),
  },
  {
    // The Zapier integration is plain CommonJS run by Node, as Zapier apps are; it has its own package.json.
    files: ['integrations/zapier/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'require',
          'module',
          '__dirname',
          'process',
          'Buffer',
          'console',
          'fetch',
          'URL',
          'setTimeout',
          'clearTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/routes/**/*.ts'],
    rules: restrict(
      [
        {
          group: ['**/db/*', '**/db/**', 'drizzle-orm*', 'pg', '**/plugins/*'],
          message: 'routes validate, call a service and reply: no SQL, no plugins',
        },
      ],
      true,
    ),
  },
)
