// A PostgreSQL server for the infra suites, which have no vitest globalSetup:
// TEST_DATABASE_URL when given, else the machine's server on 127.0.0.1:5432
// when one listens, else an embedded PostgreSQL 15 started for the suite.
// Each suite gets databases of its own, migrated with the project's migrator.
import { randomBytes } from 'node:crypto';
import { portOpen, freePort } from '../../../scripts/lib/net.mjs';
import { applyMigrations } from '../../../apps/api/src/db/migrations/migrator.js';
import { startEmbeddedServer } from '../../../apps/api/test/support/embedded-server.js';
import { databaseUrl, query } from '../../../apps/api/test/support/test-database.js';
import { testRunnerEnv } from '../../../apps/api/test/support/test-runner-env.js';

export interface PostgresServer {
  /** Superuser URL of the server (database `postgres`). */
  adminUrl: string;
  /** A new empty database; `migrated` applies every migration. */
  createDatabase: (prefix: string, options?: { migrated?: boolean }) => Promise<string>;
  /** Drops what createDatabase made, then stops an embedded server. */
  stop: () => Promise<void>;
}

export async function startPostgres(): Promise<PostgresServer> {
  let adminUrl = testRunnerEnv.testDatabaseUrl;
  let stopServer = async (): Promise<void> => {};
  if (!adminUrl && (await portOpen(5432, '127.0.0.1'))) adminUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (!adminUrl) {
    const server = await startEmbeddedServer(await freePort());
    adminUrl = server.url;
    stopServer = server.stop;
  }
  const url = adminUrl;
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
      await stopServer();
    },
  };
}
