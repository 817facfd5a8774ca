// Which system tools the infra suites drive, and the one way a test that cannot
// run for want of one says so (scripts/test.mjs reports it; CI=true fails it).
import { execFileSync } from 'node:child_process';
import { reportMissingTool } from '../../../apps/api/test/support/test-runner-env.js';

/** True when `tool` is on PATH. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "$0"`, tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The tools from `tools` that are missing, each already reported for `test`.
 * Use as `it.skipIf(missingTools(['nginx'], name).length > 0)(name, ...)`.
 */
export function missingTools(tools: readonly string[], test: string): string[] {
  const missing = tools.filter((t) => !hasTool(t));
  for (const t of missing) reportMissingTool(t, test);
  return missing;
}
