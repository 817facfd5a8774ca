import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './processes.js';
import { testRunnerEnv } from './test-runner-env.js';

/** True when `tool` is an executable file somewhere on the test runner's PATH. */
export function onPath(tool: string): boolean {
  return testRunnerEnv.path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, tool)));
}

export interface RedisServer {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** SIGKILL: an outage, not a shutdown. */
  kill: () => Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart: () => Promise<void>;
  /** SIGSTOP / SIGCONT: a server that keeps its connections open but answers nothing. */
  pause: () => void;
  resume: () => void;
  stop: () => Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * A private redis-server on a free loopback port, persisting nothing, in a
 * temporary directory. Never the machine's own Redis on 6379.
 */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'prix-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  if (options.password) args.push('--requirepass', options.password);
  let proc: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const child = spawn('redis-server', args, { env: { PATH: testRunnerEnv.path }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${READY_TIMEOUT_MS} ms:\n${out}`)), READY_TIMEOUT_MS);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${out}`));
      });
    });
  };

  const killNow = async (signal: NodeJS.Signals): Promise<void> => {
    const child = proc;
    proc = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  };

  await launch();
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    kill: () => killNow('SIGKILL'),
    restart: launch,
    pause: () => proc?.kill('SIGSTOP'),
    resume: () => proc?.kill('SIGCONT'),
    stop: async () => {
      // A stopped (SIGSTOP) server would never act on SIGTERM.
      proc?.kill('SIGCONT');
      await killNow('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
