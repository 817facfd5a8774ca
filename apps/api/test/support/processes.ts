import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../../scripts/lib/net.mjs';
import { testRunnerEnv } from './test-runner-env.js';

export { freePort };

export const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST_MAIN = join(API_DIR, 'dist/main.js');

/** Process-level tests run the built API exactly as production does. */
export function requireBuild(): void {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`pnpm --filter @prixagent/api build\` (pnpm test does it first)`);
}


export interface Spawned {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs a node script with exactly the given environment (plus PATH), capturing its output. */
export function runNode(script: string, env: Record<string, string>, args: string[] = []): Spawned {
  const proc = spawn(process.execPath, [script, ...args], { cwd: API_DIR, env: { PATH: testRunnerEnv.path, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

export interface RunningApi extends Spawned {
  baseUrl: string;
  stop: () => Promise<number | null>;
}

export async function startApiProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<RunningApi> {
  requireBuild();
  const port = await freePort();
  const spawned = runNode(DIST_MAIN, { ...env, API_PORT: String(port), API_HOST: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void spawned.exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`API exited with ${exitCode} before answering:\n${spawned.output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      spawned.proc.kill('SIGKILL');
      throw new Error(`API did not answer within ${timeoutMs} ms:\n${spawned.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ...spawned,
    baseUrl,
    stop: async () => {
      spawned.proc.kill('SIGTERM');
      return spawned.exited;
    },
  };
}

/** The env a test passes to a child process, derived from a parsed test env's raw values. */
export function envRecord(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}
