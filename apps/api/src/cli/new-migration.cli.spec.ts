import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMigration,
  MIGRATION_LOCK_CONTENT,
  migrationTimestamp,
  normalizeMigrationName,
  SNAPSHOT_FILE,
} from './new-migration.cli.js';

describe('normalizeMigrationName', () => {
  it('accepts letters, digits and underscores, in snake_case', () => {
    expect(normalizeMigrationName('add_call_recordings')).toBe('add_call_recordings');
    expect(normalizeMigrationName('addCallRecordings2')).toBe('add_call_recordings2');
  });

  it.each(['', 'add-recordings', 'add recordings', 'drop;table', 'é'])('rejects %j with a clear message', (name) => {
    expect(() => normalizeMigrationName(name)).toThrow(/letters, digits and underscores/);
  });
});

describe('migrationTimestamp', () => {
  it('is the UTC time as YYYYMMDDHHMMSS, like Prisma', () => {
    expect(migrationTimestamp(new Date('2025-03-04T05:06:07.890Z'))).toBe('20250304050607');
  });
});

describe('createMigration', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const schemaV1 = `datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id   Int    @id\n  body String\n}\n`;
  const schemaV2 = schemaV1.replace('  body String\n', '  body String\n  pinned Boolean @default(false)\n');

  it('writes the first migration, then only the change, then nothing', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prixagent-new-migration-'));
    const schemaPath = path.join(dir, 'schema.prisma');
    const migrationsDir = path.join(dir, 'migrations');
    await writeFile(schemaPath, schemaV1);

    const first = await createMigration({
      name: 'init',
      schemaPath,
      migrationsDir,
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(first.migrationName).toBe('20250101000000_init');
    expect(await readFile(path.join(migrationsDir, '20250101000000_init', 'migration.sql'), 'utf8')).toContain(
      'CREATE TABLE "Note"',
    );
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_CONTENT);
    expect(await readFile(path.join(migrationsDir, SNAPSHOT_FILE), 'utf8')).toBe(schemaV1);

    expect(await createMigration({ name: 'nothing', schemaPath, migrationsDir })).toEqual({
      migrationName: null,
      sqlPath: null,
    });

    await writeFile(schemaPath, schemaV2);
    const second = await createMigration({
      name: 'pin_notes',
      schemaPath,
      migrationsDir,
      now: new Date('2025-01-02T00:00:00Z'),
    });
    expect(second.migrationName).toBe('20250102000000_pin_notes');
    const sql = await readFile(path.join(migrationsDir, '20250102000000_pin_notes', 'migration.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE "Note" ADD COLUMN');
    expect(sql).not.toContain('CREATE TABLE');
    expect(await readFile(path.join(migrationsDir, SNAPSHOT_FILE), 'utf8')).toBe(schemaV2);
    expect((await readdir(migrationsDir)).sort()).toEqual([
      '20250101000000_init',
      '20250102000000_pin_notes',
      'migration_lock.toml',
      SNAPSHOT_FILE,
    ]);
  });

  it('refuses to guess the previous schema when the snapshot is missing', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'prixagent-new-migration-'));
    const schemaPath = path.join(dir, 'schema.prisma');
    const migrationsDir = path.join(dir, 'migrations');
    await writeFile(schemaPath, schemaV1);
    await createMigration({ name: 'init', schemaPath, migrationsDir, now: new Date('2025-01-01T00:00:00Z') });
    await rm(path.join(migrationsDir, SNAPSHOT_FILE));
    await writeFile(schemaPath, schemaV2);
    await expect(createMigration({ name: 'pin_notes', schemaPath, migrationsDir })).rejects.toThrow(
      /no schema\.snapshot\.prisma/,
    );
  });
});
