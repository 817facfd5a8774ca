// Runs one of the project's shell scripts the way an operator or a container
// would: executed directly (so its mode and shebang count), with exactly the
// environment given plus PATH, and with standard input either closed
// (/dev/null, as under cron) or fed a given text, as if typed.
import { spawn, type ChildProcess } from 'node:child_process';
import { testRunnerEnv } from '../../../apps/api/test/support/test-runner-env.js';

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they arrived. */
  out: string;
  ms: number;
}

export interface ScriptOptions {
  env?: Record<string, string>;
  /** Text written to stdin, then closed; without it stdin is /dev/null. */
  input?: string;
  /** SIGKILL after this long (default 60 s); 0 means never, for long-running servers. */
  timeoutMs?: number;
  cwd?: string;
  /** Its own process group (the caller can signal -pid); a timeout kills the whole group. */
  detached?: boolean;
}

export interface RunningScript {
  proc: ChildProcess;
  output: () => string;
  done: Promise<ScriptResult>;
}

export function startScript(path: string, args: string[], options: ScriptOptions = {}): RunningScript {
  const started = Date.now();
  const proc = spawn(path, args, {
    cwd: options.cwd,
    env: { PATH: testRunnerEnv.path, ...options.env },
    detached: options.detached ?? false,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  if (options.input !== undefined) proc.stdin?.end(options.input);
  const kill = (): void => {
    try {
      if (options.detached && proc.pid) process.kill(-proc.pid, 'SIGKILL');
      else proc.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = timeoutMs > 0 ? setTimeout(kill, timeoutMs) : undefined;
  const done = new Promise<ScriptResult>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, ms: Date.now() - started });
    });
  });
  return { proc, output: () => out, done };
}

export function runScript(path: string, args: string[], options: ScriptOptions = {}): Promise<ScriptResult> {
  return startScript(path, args, options).done;
}
