// A PostgreSQL server for the infra suites, chosen the way the rest of the
// tests choose one: TEST_DATABASE_URL when set; else the machine's own server
// on 127.0.0.1:5432 when one listens (Debian's, trust auth); else a throwaway
// embedded PostgreSQL 15 started for this file. startPostgres() adds
// databases of their own on it (the infra suites have no vitest globalSetup),
// migrated with the project's migrator when asked.
//
// The repository root does not depend on `pg`; queries go through the API
// test support's `query` (which resolves it from apps/api), and a session that
// must stay open is a real `psql` process.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort, portOpen } from '../../../scripts/lib/net.mjs';
import { applyMigrations } from '../../../apps/api/src/db/migrations/migrator.js';
import { startEmbeddedServer } from '../../../apps/api/test/support/embedded-server.js';
import { databaseUrl, query } from '../../../apps/api/test/support/test-database.js';
import { testRunnerEnv } from '../../../apps/api/test/support/test-runner-env.js';

export interface PostgresServer {
  /** Superuser (or at least CREATEDB/CREATEROLE) URL, database `postgres`. */
  adminUrl: string;
  kind: 'TEST_DATABASE_URL' | 'local 127.0.0.1:5432' | 'embedded';
  stop: () => Promise<void>;
}

export async function acquirePostgres(): Promise<PostgresServer> {
  if (testRunnerEnv.testDatabaseUrl) {
    return { adminUrl: testRunnerEnv.testDatabaseUrl, kind: 'TEST_DATABASE_URL', stop: () => Promise.resolve() };
  }
  if (await portOpen(5432)) {
    return { adminUrl: 'postgresql://postgres@127.0.0.1:5432/postgres', kind: 'local 127.0.0.1:5432', stop: () => Promise.resolve() };
  }
  const server = await startEmbeddedServer(await freePort());
  return { adminUrl: server.url, kind: 'embedded', stop: server.stop };
}

export interface DatabaseServer {
  /** Superuser URL of the server (database `postgres`). */
  adminUrl: string;
  /** A new empty database; `migrated` applies every migration. */
  createDatabase: (prefix: string, options?: { migrated?: boolean }) => Promise<string>;
  /** Drops what createDatabase made, then stops an embedded server. */
  stop: () => Promise<void>;
}

/** acquirePostgres() plus throwaway databases, dropped again on stop. */
export async function startPostgres(): Promise<DatabaseServer> {
  const server = await acquirePostgres();
  const url = server.adminUrl;
  const created: string[] = [];
  return {
    adminUrl: url,
    createDatabase: async (prefix, options = {}) => {
      const name = `${prefix}_${randomBytes(5).toString('hex')}`;
      await query(url, `CREATE DATABASE "${name}"`);
      created.push(name);
      const dbUrl = databaseUrl(url, name);
      if (options.migrated) await applyMigrations({ connectionString: dbUrl });
      return dbUrl;
    },
    stop: async () => {
      for (const name of created) await query(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.stop();
    },
  };
}

/** The URL with another database (and, optionally, another user and password). */
export function urlFor(base: string, database: string, credentials?: { user: string; password: string }): string {
  const u = new URL(base);
  u.pathname = `/${encodeURIComponent(database)}`;
  if (credentials) {
    u.username = encodeURIComponent(credentials.user);
    u.password = encodeURIComponent(credentials.password);
  }
  return u.toString();
}

/** libpq variables for a URL, for the scripts and the client tools (no URL on a command line). */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGHOST: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
  };
  if (u.username) env['PGUSER'] = decodeURIComponent(u.username);
  if (u.password) env['PGPASSWORD'] = decodeURIComponent(u.password);
  return env;
}

/** One statement (or several without parameters) on its own connection. */
export function sql<T extends Record<string, unknown> = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(url, text, params);
}

export interface PsqlSession {
  /** True when the session still answers a query (false once the server ended it). */
  alive: () => Promise<boolean>;
  close: () => Promise<void>;
}

/**
 * An idle session held open by a real psql, like an operator's forgotten
 * terminal. Non-interactive psql exits when the server ends its session.
 */
export async function openPsqlSession(url: string): Promise<PsqlSession> {
  const proc = spawn('psql', ['-X', '-q', '-A', '-t'], { env: { PATH: testRunnerEnv.path, ...libpqEnv(url) }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('close', () => resolve()));
  proc.stdin.on('error', () => undefined);
  const ask = async (marker: string): Promise<boolean> => {
    if (proc.exitCode !== null) return false;
    proc.stdin.write(`SELECT '${marker}';\n`);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (out.includes(marker)) return true;
      if (proc.exitCode !== null) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  };
  if (!(await ask('session-ready'))) throw new Error(`psql session did not start: ${out}`);
  let n = 0;
  return {
    alive: () => ask(`still-here-${++n}`),
    close: async () => {
      proc.stdin.end();
      await exited;
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface TableState {
  rows: number;
  md5: string;
}

/** What a restore must reproduce exactly: every table's rows, every sequence, the schema. */
export interface DatabaseState {
  tables: Record<string, TableState>;
  sequences: Record<string, string | null>;
  schema: string;
}

/**
 * Row count and a checksum over every row's text form, per table in every
 * user schema (so `_prisma_migrations` too); sequence positions; and the
 * schema as pg_dump prints it. The rows are ordered under the C collation so
 * the checksum does not depend on the database's locale.
 */
export async function databaseState(url: string): Promise<DatabaseState> {
  const tables = await sql<{ schemaname: string; tablename: string }>(
    url,
    `SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const state: DatabaseState = { tables: {}, sequences: {}, schema: '' };
  for (const { schemaname, tablename } of tables) {
    const [row] = await sql<{ n: number; md5: string }>(
      url,
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM ${quoteIdent(schemaname)}.${quoteIdent(tablename)} t`,
    );
    if (!row) throw new Error(`no count for ${schemaname}.${tablename}`);
    state.tables[`${schemaname}.${tablename}`] = { rows: row.n, md5: row.md5 };
  }
  const seqs = await sql<{ name: string; last_value: string | null }>(
    url,
    `SELECT schemaname || '.' || sequencename AS name, last_value::text FROM pg_sequences ORDER BY 1`,
  );
  for (const s of seqs) state.sequences[s.name] = s.last_value;
  // Minus the \restrict lines, whose key pg_dump (15.14 and later) draws at random per run.
  state.schema = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges'], {
    env: { PATH: testRunnerEnv.path, ...libpqEnv(url) },
    encoding: 'utf8',
  }).replace(/^\\(un)?restrict .*$/gm, '');
  return state;
}
