// The second sanctioned reader of process.env (the first is loadEnv in env.ts).
// Migration tooling must run with nothing but a database URL: on a fresh
// server `pnpm db:migrate` runs before JWT_SECRET and the rest exist, and
// loadEnv would refuse to start without them. Same rule as env.schema.ts.

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * DATABASE_URL from the process environment; throws a message naming the
 * problem (never the value, which carries a password) when it is missing or
 * not a postgresql:// URL.
 */
export function readDatabaseUrl(): string {
  const value = process.env['DATABASE_URL'];
  if (value === undefined || value.trim() === '') {
    throw new Error('DATABASE_URL is required (e.g. postgresql://user:password@localhost:5432/prixagent); set it in .env');
  }
  if (!POSTGRES_URL.test(value)) {
    throw new Error('DATABASE_URL must be a postgresql:// URL');
  }
  try {
    new URL(value);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (check that special characters in the password are percent-encoded)');
  }
  return value;
}
