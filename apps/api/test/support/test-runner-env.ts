import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The test runner's own variables (not the app's configuration, which tests
 * build explicitly with testEnv()): read here and nowhere else in the tests.
 */
export const testRunnerEnv = {
  /** A real PostgreSQL to use instead of the embedded one. */
  testDatabaseUrl: process.env['TEST_DATABASE_URL'] || undefined,
  /** Set by scripts/test.mjs; where skipped-for-a-missing-tool lines go. */
  testOutputDir: process.env['TEST_OUTPUT_DIR'] || undefined,
  /** Children need PATH to find node and system tools, nothing else from our environment. */
  path: process.env['PATH'] ?? '',
  /** pnpm finds its content-addressable store under HOME (tests/infra runs offline installs). */
  home: process.env['HOME'] ?? '',
};

/**
 * Lists a secret a test is about to store, for the end-of-run log scan
 * (scripts/test.mjs). Needed for secrets whose format cannot carry the
 * `SECRET_CANARY` marker, such as Twilio's hex auth tokens. Returns the value.
 */
export function registerStoredSecret(value: string): string {
  if (testRunnerEnv.testOutputDir) appendFileSync(join(testRunnerEnv.testOutputDir, 'stored-secrets.txt'), `${value}\n`);
  return value;
}

/**
 * A test that cannot run because a system tool is missing skips itself and says
 * so here: scripts/test.mjs reports it loudly, and counts it as failed under CI=true.
 */
export function reportMissingTool(tool: string, test: string): void {
  if (testRunnerEnv.testOutputDir) {
    appendFileSync(join(testRunnerEnv.testOutputDir, 'missing-tools.jsonl'), `${JSON.stringify({ tool, test })}\n`);
  }
  console.warn(`!! SKIPPED "${test}": ${tool} is missing (bash scripts/install-test-tools.sh installs it)`);
}
