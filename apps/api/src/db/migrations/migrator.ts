// Applies prisma/migrations/*/migration.sql the way `prisma migrate deploy`
// does, for machines where the Prisma CLI's native engine is unavailable. The
// bookkeeping in `_prisma_migrations` is kept exactly as Prisma keeps it (same
// table, same checksum, same advisory lock), so this tool and `prisma migrate
// deploy` on a connected machine agree about what is applied and never run at
// the same time. Tooling, not a repository: it talks to `pg` directly.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * prisma/migrations at the repo root. This file sits at apps/api/src/db/migrations
 * (tsx/vitest) or apps/api/dist/db/migrations (built), both five levels below
 * the root, so one relative path serves both.
 */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../../prisma/migrations', import.meta.url));

/**
 * The key Prisma's schema engine passes to pg_advisory_lock. Taking the same
 * one serializes this tool with `prisma migrate deploy` as well as with itself.
 */
export const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;

/** The DDL Prisma's schema engine runs for PostgreSQL, verbatim. */
const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationFile {
  /** Directory name, e.g. 20250101120000_init; Prisma's migration_name. */
  name: string;
  sqlPath: string;
  script: Buffer;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Prisma's checksum: the SHA-256 of the migration.sql bytes, lowercase hex. */
export function migrationChecksum(script: Uint8Array): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * The migrations in `dir`, in the order Prisma applies them: every
 * subdirectory (migration_lock.toml, schema.snapshot.prisma and other files
 * are not migrations), sorted by name, which starts with a UTC timestamp.
 */
export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read the migrations directory ${dir}`, { cause: error });
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    // localeCompare because that is what the Prisma 7 CLI sorts with; the
    // same order matters for applying and for reporting drift alike.
    .sort((a, b) => a.localeCompare(b));
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const sqlPath = path.join(dir, name, 'migration.sql');
    let script: Buffer;
    try {
      script = await readFile(sqlPath);
    } catch (error) {
      throw new MigrationError(`Migration ${name} has no readable migration.sql (${sqlPath})`, { cause: error });
    }
    migrations.push({ name, sqlPath, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}

/**
 * Whether a file still matches the checksum recorded when it was applied.
 * Like Prisma's schema engine, a checkout that only changed line endings (git
 * autocrlf on Windows) counts as the same file: the raw bytes, CRLF turned into
 * LF, and LF turned into CRLF are all accepted.
 */
export function checksumMatches(script: Buffer, recorded: string): boolean {
  const text = script.toString('utf8');
  return (
    migrationChecksum(script) === recorded ||
    migrationChecksum(Buffer.from(text.replaceAll('\r\n', '\n'))) === recorded ||
    migrationChecksum(Buffer.from(text.replaceAll('\n', '\r\n'))) === recorded
  );
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Prisma runs migrations with search_path set to the URL's `?schema=`
 * parameter, `public` when there is none; `pg` does not know the parameter,
 * so it is removed from the URL and applied as the session's search_path.
 */
function splitSchemaParam(connectionString: string): { url: string; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(connectionString);
  } catch {
    throw new MigrationError('The database connection string is not a valid URL');
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Applies every pending migration, oldest first, each in its own transaction,
 * and records it in `_prisma_migrations`. Safe to run repeatedly and from
 * several processes at once. Refuses to run when an applied migration's file
 * was edited or a failed migration is recorded, as Prisma does.
 */
export async function applyMigrations(opts: {
  connectionString: string;
  migrationsDir?: string;
  log?: (line: string) => void;
}): Promise<{ applied: string[]; alreadyApplied: number }> {
  const log = opts.log ?? (() => undefined);
  const migrationsDir = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const migrations = await listMigrations(migrationsDir);
  const { url, schema } = splitSchemaParam(opts.connectionString);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);

    // Session-level lock: held across the per-migration transactions below
    // and released when the connection closes, even if this process dies.
    const tryLock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
    ]);
    if (tryLock.rows[0]?.locked !== true) {
      log('Another process is migrating this database; waiting for it to finish');
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
    }

    const exists = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
    );
    if (exists.rows[0]?.exists !== true) await client.query(CREATE_MIGRATIONS_TABLE_SQL);

    const { rows } = await client.query<MigrationRow>(
      'SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at',
    );
    // Rows marked rolled back are history only (`prisma migrate resolve --rolled-back`).
    const live = rows.filter((row) => row.rolled_back_at === null);

    const failed = live.filter((row) => row.finished_at === null);
    if (failed.length > 0) {
      const names = failed.map((row) => row.migration_name).join(', ');
      const logs = failed.flatMap((row) => (row.logs === null ? [] : [`${row.migration_name}: ${row.logs}`]));
      throw new MigrationError(
        `Refusing to migrate: migration ${names} is recorded as started but not finished (a failed migration). ` +
          (logs.length > 0 ? `Recorded error: ${logs.join('; ')}. ` : '') +
          'Repair the database by hand, then mark it with `prisma migrate resolve --rolled-back <name>` ' +
          'or `--applied <name>` (or fix the _prisma_migrations row) before migrating again.',
      );
    }

    const appliedByName = new Map(live.map((row) => [row.migration_name, row]));
    const fileNames = new Set(migrations.map((migration) => migration.name));
    for (const migration of migrations) {
      const row = appliedByName.get(migration.name);
      if (row !== undefined && !checksumMatches(migration.script, row.checksum)) {
        throw new MigrationError(
          `Refusing to migrate: migration ${migration.name} was modified after it was applied ` +
            `(recorded checksum ${row.checksum}, file ${migration.sqlPath} has ${migration.checksum}). ` +
            'Restore the file and put the change in a new migration instead.',
        );
      }
    }
    for (const row of live) {
      if (!fileNames.has(row.migration_name)) {
        log(`Warning: ${row.migration_name} is applied in the database but missing from ${migrationsDir}`);
      }
    }

    const pending = migrations.filter((migration) => !appliedByName.has(migration.name));
    const applied: string[] = [];
    for (const migration of pending) {
      await applyOne(client, migration);
      applied.push(migration.name);
      log(`Applied ${migration.name}`);
    }
    return { applied, alreadyApplied: migrations.length - pending.length };
  } finally {
    // Closing the session also releases the advisory lock.
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  const script = migration.script.toString('utf8');
  await client.query('BEGIN');
  try {
    // Same row life cycle as Prisma: started (finished_at null), then finished
    // with applied_steps_count 1. A script that issues its own COMMIT ends this
    // transaction early; the row written first then tells the truth if a later
    // statement fails (finished, it is not), exactly as with Prisma.
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
      [id, migration.checksum, migration.name],
    );
    if (script.trim() !== '') await client.query(script);
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Best effort: if the connection itself broke, the server has already
    // rolled back, and the script's error is the one worth reporting.
    await client.query('ROLLBACK').catch(() => undefined);
    // Normally the rollback removed the row and the database is as before. If
    // the script committed part of itself, the row survived: record why, as
    // Prisma does in `logs`, so the next run refuses with a pointer to it.
    await client
      .query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1 AND finished_at IS NULL', [id, detail])
      .catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${detail}`, { cause: error });
  }
}
