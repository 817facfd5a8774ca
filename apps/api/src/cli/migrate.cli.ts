// `pnpm db:migrate`: applies pending prisma/migrations to DATABASE_URL, the
// offline counterpart of `prisma migrate deploy` (see db/migrations/migrator.ts).
// Reads only DATABASE_URL, so it works before the rest of .env is filled in.
import { readDatabaseUrl } from '../config/database-url.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '../db/migrations/migrator.js';

async function main(): Promise<void> {
  const connectionString = readDatabaseUrl();
  const { applied, alreadyApplied } = await applyMigrations({
    connectionString,
    log: (line) => {
      console.log(line);
    },
  });
  if (applied.length === 0) {
    console.log(`Database is up to date (${alreadyApplied} migration${alreadyApplied === 1 ? '' : 's'} already applied from ${DEFAULT_MIGRATIONS_DIR}).`);
  } else {
    console.log(
      `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}; ${alreadyApplied} were already applied.`,
    );
  }
}

main().catch((error: unknown) => {
  // Messages from the migrator and readDatabaseUrl are written for operators;
  // a stack trace would only bury them.
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
