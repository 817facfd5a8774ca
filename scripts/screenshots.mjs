#!/usr/bin/env node
// `pnpm screenshots`: every page of both dashboards, light and dark, at 1280 px
// and 390 px wide, as PNG in docs/screenshots/ (<app>-<page>-<theme>-<width>.png).
//
// Driven by the Chromium design-system suite (tests/e2e/design-system.e2e-spec.ts),
// so the pictures show exactly what it checks: the dashboards built for
// production and served with the production CSP, the built API on a real
// PostgreSQL, and the same seeded data. The suite writes them in one test of its
// own, which exists only when SCREENSHOTS_DIR is set; this runs that test alone.
// Old PNGs go first, so a page that is renamed or removed leaves no stale picture.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const OUTPUT = join(ROOT, '.test-output');
const CHROMIUM = '/usr/bin/chromium';
const SUITE = 'tests/e2e/design-system.e2e-spec.ts';
// The screenshot test's name in the suite (SCREENSHOTS_TEST there).
const TEST_NAME = 'writes every page, light and dark, at 390 and 1280 px, as PNG';

if (!existsSync(CHROMIUM)) {
  // The suite would skip itself and this would "succeed" with no picture.
  console.error(`${CHROMIUM} is missing: run \`bash scripts/install-test-tools.sh\` first.`);
  process.exit(1);
}

mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(OUT)) if (file.endsWith('.png')) rmSync(join(OUT, file));
mkdirSync(join(OUTPUT, 'logs'), { recursive: true });

const escaped = TEST_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const run = spawnSync(
  join(ROOT, 'node_modules', '.bin', 'vitest'),
  ['run', '--config', 'tests/vitest.config.ts', SUITE, '--testNamePattern', escaped],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      SCREENSHOTS_DIR: OUT,
      // The API's log goes where pnpm test puts its own, never into the repository.
      TEST_OUTPUT_DIR: process.env.TEST_OUTPUT_DIR ?? OUTPUT,
      TEST_LOG_DIR: process.env.TEST_LOG_DIR ?? join(OUTPUT, 'logs'),
    },
  },
);
const written = readdirSync(OUT).filter((f) => f.endsWith('.png'));
console.log(`\n${written.length} screenshot(s) in ${OUT}`);
if (run.status !== 0 || written.length === 0) {
  console.error(run.error ? `could not run vitest: ${run.error.message}` : `the screenshot run failed (exit ${run.status})`);
  process.exit(1);
}
