// What the backup suites (backups, restore-prod) share about infra/backups:
// where its scripts are, the tools they need, and the name a dump gets.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from './postgres.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BACKUPS_DIR = join(REPO, 'infra', 'backups');
export const backupScript = (name: string): string => join(BACKUPS_DIR, name);

/** The PostgreSQL client and shell tools backup_db.sh and restore_db.sh run. */
export const DB_TOOLS = ['pg_dump', 'pg_restore', 'psql', 'flock', 'sha256sum', 'timeout'] as const;

/** backup_db.sh's file name for a dump (BACKUP_PREFIX left at its default). */
export const DUMP_NAME = /^prixagent-\d{8}T\d{6}Z\.dump$/;

/** The databases whose names start with `prefix` (a suite's own), sorted. */
export async function databasesStartingWith(adminUrl: string, prefix: string): Promise<string[]> {
  const rows = await sql<{ datname: string }>(adminUrl, `SELECT datname FROM pg_database WHERE left(datname, $2) = $1 ORDER BY 1`, [prefix, prefix.length]);
  return rows.map((r) => r.datname);
}

/**
 * Copies `dump` and its .sha256 to `copy`, then flips one byte in the middle
 * of the copy: a dump whose checksum no longer matches.
 */
export function writeDamagedCopy(dump: string, copy: string): void {
  copyFileSync(dump, copy);
  copyFileSync(`${dump}.sha256`, `${copy}.sha256`);
  const bytes = readFileSync(copy);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
  writeFileSync(copy, bytes);
}
