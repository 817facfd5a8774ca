import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumMatches, DEFAULT_MIGRATIONS_DIR, listMigrations, migrationChecksum } from './migrator.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function migrationsDir(layout: Record<string, string | null>): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'prixagent-migrator-'));
  for (const [name, sql] of Object.entries(layout)) {
    if (name.endsWith('.toml') || name.endsWith('.prisma')) {
      await writeFile(path.join(dir, name), sql ?? '');
      continue;
    }
    await mkdir(path.join(dir, name));
    if (sql !== null) await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('listMigrations', () => {
  it('returns migration directories in name order and ignores files beside them', async () => {
    const root = await migrationsDir({
      '20250301000000_third': 'SELECT 3;',
      '20250101000000_first': 'SELECT 1;',
      '20250201000000_second': 'SELECT 2;',
      'migration_lock.toml': 'provider = "postgresql"\n',
      'schema.snapshot.prisma': '',
    });
    const migrations = await listMigrations(root);
    expect(migrations.map((m) => m.name)).toEqual([
      '20250101000000_first',
      '20250201000000_second',
      '20250301000000_third',
    ]);
    expect(migrations[0]?.script.toString()).toBe('SELECT 1;');
  });

  it('names a migration directory without migration.sql', async () => {
    const root = await migrationsDir({ '20250101000000_empty_dir': null });
    await expect(listMigrations(root)).rejects.toThrow(/20250101000000_empty_dir has no readable migration.sql/);
  });
});

describe('migrationChecksum', () => {
  it('is the SHA-256 of the exact bytes, so a changed line ending is a change', () => {
    const lf = Buffer.from('CREATE TABLE "a" ();\n');
    const crlf = Buffer.from('CREATE TABLE "a" ();\r\n');
    expect(migrationChecksum(lf)).toBe(createHash('sha256').update(lf).digest('hex'));
    expect(migrationChecksum(lf)).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationChecksum(crlf)).not.toBe(migrationChecksum(lf));
  });
});

describe('checksumMatches', () => {
  const lf = Buffer.from('CREATE TABLE "a" ();\nCREATE TABLE "b" ();\n');
  const crlf = Buffer.from('CREATE TABLE "a" ();\r\nCREATE TABLE "b" ();\r\n');

  it('accepts the same script with other line endings, as Prisma does', () => {
    expect(checksumMatches(lf, migrationChecksum(lf))).toBe(true);
    expect(checksumMatches(crlf, migrationChecksum(lf))).toBe(true);
    expect(checksumMatches(lf, migrationChecksum(crlf))).toBe(true);
  });

  it('rejects any other change', () => {
    const edited = Buffer.from('CREATE TABLE "a" ();\nCREATE TABLE "c" ();\n');
    expect(checksumMatches(edited, migrationChecksum(lf))).toBe(false);
  });
});

describe('DEFAULT_MIGRATIONS_DIR', () => {
  it("is the repository's prisma/migrations", async () => {
    expect(DEFAULT_MIGRATIONS_DIR.split(path.sep).slice(-2)).toEqual(['prisma', 'migrations']);
    await access(path.join(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma'));
    await access(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'));
  });
});
