// The offline migration tools against a real PostgreSQL: the migration history
// must build exactly the schema that schema.prisma describes, and the
// bookkeeping must behave like `prisma migrate deploy` (docs: DESIGN.md, "Migrations").
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  listMigrations,
  migrationChecksum,
  PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
} from '../src/db/migrations/migrator.js';
import { diffSchemas } from '../src/db/migrations/schema-diff.js';
import { reportMissingTool } from './support/test-runner-env.js';

const run = promisify(execFile);
const SCHEMA_PATH = path.resolve(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma');

const adminUrl = inject('databaseAdminUrl');
const createdDatabases: string[] = [];
const tempDirs: string[] = [];

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database on the test server; dropped in afterAll. */
async function freshDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `prixagent_migrations_${label}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  createdDatabases.push(name);
  return { name, url: urlFor(name) };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prixagent-migrations-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * pg_dump for the server's major version: Debian's versioned binary first,
 * else the one on PATH if it is at least as new as the server (pg_dump
 * refuses to dump a newer server).
 */
async function findPgDump(): Promise<string> {
  const serverMajor = await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Math.floor(Number(rows[0]?.server_version_num) / 10000);
  });
  const versioned = `/usr/lib/postgresql/${serverMajor}/bin/pg_dump`;
  try {
    await access(versioned);
    return versioned;
  } catch {
    // Not Debian's layout; try PATH.
  }
  try {
    const { stdout } = await run('pg_dump', ['--version']);
    const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
    if (major >= serverMajor) return 'pg_dump';
    throw new Error(`pg_dump on PATH is version ${major}, older than the server (${serverMajor})`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `These tests need pg_dump ${serverMajor} or newer (install postgresql-client-${serverMajor}): ${detail}`,
      { cause: error },
    );
  }
}

/** The schema only, without what varies between two databases built the same way. */
async function dumpSchema(pgDump: string, url: string): Promise<string> {
  const { stdout } = await run(pgDump, [
    '--schema-only',
    '--no-owner',
    '--no-privileges',
    '--exclude-table=_prisma_migrations',
    `--dbname=${url}`,
  ]);
  return (
    stdout
      .split('\n')
      // Comments carry names and versions; \restrict carries a random key (pg_dump 15.14+).
      .filter((line) => !line.startsWith('--') && !/^\\(un)?restrict\b/.test(line) && line.trim() !== '')
      .join('\n')
  );
}

afterAll(async () => {
  await withClient(adminUrl, async (client) => {
    for (const name of createdDatabases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

const HISTORY_TEST = 'builds the same schema as the whole schema.prisma';
const pgDump = await findPgDump().catch((error: unknown) => {
  reportMissingTool('pg_dump', `migration history ${HISTORY_TEST}: ${error instanceof Error ? error.message : String(error)}`);
  return null;
});

describe('migration history', () => {
  it.skipIf(pgDump === null)(HISTORY_TEST, async () => {
    if (pgDump === null) return;
    const viaMigrations = await freshDatabase('history');
    const viaSchema = await freshDatabase('schema');

    const { applied } = await applyMigrations({ connectionString: viaMigrations.url });
    expect(applied.length).toBeGreaterThan(0);
    const wholeSchema = await diffSchemas(null, await readFile(SCHEMA_PATH, 'utf8'));
    await withClient(viaSchema.url, (client) => client.query(wholeSchema));

    const fromHistory = await dumpSchema(pgDump, viaMigrations.url);
    const fromSchema = await dumpSchema(pgDump, viaSchema.url);
    // Guard against comparing two empty dumps.
    expect(fromSchema).toContain('CREATE TABLE public."Account"');
    expect(fromHistory).toBe(fromSchema);
  });
});

describe('applyMigrations', () => {
  it('is idempotent and records every migration the way Prisma does', async () => {
    const db = await freshDatabase('idempotent');
    const files = await listMigrations(DEFAULT_MIGRATIONS_DIR);

    const first = await applyMigrations({ connectionString: db.url });
    expect(first).toEqual({ applied: files.map((f) => f.name), alreadyApplied: 0 });
    const second = await applyMigrations({ connectionString: db.url });
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });

    const rows = await withClient(db.url, async (client) => {
      const result = await client.query<{
        id: string;
        checksum: string;
        migration_name: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
        applied_steps_count: number;
      }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
      return result.rows;
    });
    expect(rows).toHaveLength(files.length);
    for (const [index, file] of files.entries()) {
      const row = rows[index];
      const sha256 = migrationChecksum(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, file.name, 'migration.sql')));
      expect(row).toMatchObject({
        migration_name: file.name,
        checksum: sha256,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row?.finished_at).toBeInstanceOf(Date);
      expect(row?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('refuses to run when an applied migration was modified', async () => {
    const db = await freshDatabase('tampered');
    const dir = await tempDir();
    await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    await applyMigrations({ connectionString: db.url, migrationsDir: dir });

    const [first] = await listMigrations(dir);
    if (first === undefined) throw new Error('no migrations to tamper with');
    await appendFile(first.sqlPath, '\n-- edited after it was applied\n');

    await expect(applyMigrations({ connectionString: db.url, migrationsDir: dir })).rejects.toThrow(
      new RegExp(`migration ${first.name} was modified after it was applied`),
    );
  });

  it('refuses to run while a failed migration is recorded', async () => {
    const db = await freshDatabase('failedrow');
    await applyMigrations({ connectionString: db.url });
    await withClient(db.url, (client) =>
      client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES (gen_random_uuid()::text, $1, '29991231000000_broken', 'boom')`,
        ['0'.repeat(64)],
      ),
    );
    await expect(applyMigrations({ connectionString: db.url })).rejects.toThrow(
      /29991231000000_broken is recorded as started but not finished.*boom/s,
    );
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const db = await freshDatabase('failing');
    const dir = await tempDir();
    await mkdir(path.join(dir, '20000101000000_breaks'));
    await writeFile(
      path.join(dir, '20000101000000_breaks', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1 / 0;\n',
    );

    await expect(applyMigrations({ connectionString: db.url, migrationsDir: dir })).rejects.toThrow(
      /20000101000000_breaks failed and was rolled back: division by zero/,
    );
    const state = await withClient(db.url, async (client) => {
      const table = await client.query<{ present: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS present");
      const recorded = await client.query('SELECT 1 FROM _prisma_migrations');
      return { tablePresent: table.rows[0]?.present, recorded: recorded.rowCount };
    });
    expect(state).toEqual({ tablePresent: false, recorded: 0 });
  });

  it('lets two concurrent runs share the work, each migration applied once', async () => {
    const db = await freshDatabase('concurrent');
    const files = await listMigrations(DEFAULT_MIGRATIONS_DIR);

    // Hold Prisma's migration lock so both runs are provably queued on it,
    // then let them race for it.
    await withClient(db.url, async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
      const logs: string[][] = [[], []];
      const runs = logs.map((lines) =>
        applyMigrations({ connectionString: db.url, log: (line) => lines.push(line) }),
      );
      const settled = Promise.allSettled(runs);

      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await holder.query<{ waiting: string }>(
          `SELECT count(*) AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [PRISMA_MIGRATE_ADVISORY_LOCK_KEY],
        );
        if (rows[0]?.waiting === '2') break;
        if (Date.now() > deadline) throw new Error('the two runs never queued on the advisory lock');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);

      const results = await settled;
      const outcomes = results.map((result) => {
        if (result.status === 'rejected') throw result.reason;
        return result.value;
      });
      expect(logs.every((lines) => lines.some((line) => line.includes('waiting')))).toBe(true);
      const appliedNames = outcomes.flatMap((outcome) => outcome.applied).sort();
      expect(appliedNames).toEqual(files.map((f) => f.name).sort());
      // One run did everything; the other found it done.
      expect(outcomes.map((o) => o.alreadyApplied).sort()).toEqual([0, files.length]);
    });

    const recorded = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ migration_name: string; n: string }>(
        'SELECT migration_name, count(*) AS n FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name',
      );
      return rows;
    });
    expect(recorded).toEqual(files.map((f) => ({ migration_name: f.name, n: '1' })));
  });
});
