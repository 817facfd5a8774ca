// Vitest settings for the cross-app suites under tests/ (dev, infra, e2e,
// security). `pnpm test` runs each directory as its own suite from the repo
// root (`vitest run --config tests/vitest.config.ts --dir tests/<suite>`); a
// directory with its own vitest.config.ts uses that instead.
//
// These suites start real processes (pnpm, PostgreSQL, nginx, Chromium), so
// files run one at a time with long timeouts, and there is no globalSetup: each
// suite brings up exactly what it needs and tears it down itself.
//
// A plain object rather than `defineConfig`, so this file does not depend on
// where the vitest package is installed.
export default {
  test: {
    environment: 'node',
    // Relative to `dir`, which the runner narrows to one suite with `--dir tests/<suite>`.
    dir: 'tests',
    include: ['**/*.{test,spec,e2e-spec}.?(c|m)[jt]s?(x)'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
};
