// Databases of their own for the infra suites, which have no vitest
// globalSetup, on the server acquirePostgres() picks (./postgres.ts), migrated
// with the project's migrator when asked.
import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../../../apps/api/src/db/migrations/migrator.js';
import { databaseUrl, query } from '../../../apps/api/test/support/test-database.js';
import { acquirePostgres } from './postgres.js';

export interface DatabaseServer {
  /** Superuser URL of the server (database `postgres`). */
  adminUrl: string;
  /** A new empty database; `migrated` applies every migration. */
  createDatabase: (prefix: string, options?: { migrated?: boolean }) => Promise<string>;
  /** Drops what createDatabase made, then stops an embedded server. */
  stop: () => Promise<void>;
}

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
