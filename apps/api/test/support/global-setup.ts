import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations/migrator.js';
import { startEmbeddedServer } from './embedded-server.js';
import { freePort } from './processes.js';
import { testRunnerEnv } from './test-runner-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server (TEST_DATABASE_URL or an embedded one). */
    databaseAdminUrl: string;
    /** A database with every migration applied; test databases are cloned from it. */
    templateDatabase: string;
  }
}


function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL when given, else an
 * embedded PostgreSQL 15 in a temporary directory (./embedded-server.ts). Migrations run once into a
 * template; each test file clones it (CREATE DATABASE ... TEMPLATE), which takes
 * milliseconds and isolates files from each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  let adminUrl = testRunnerEnv.testDatabaseUrl;
  if (!adminUrl) {
    const server = await startEmbeddedServer(await freePort());
    cleanups.push(server.stop);
    adminUrl = server.url;
  }

  const template = `prixagent_tmpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations({ connectionString: withDatabase(adminUrl, template) });
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });

  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}
