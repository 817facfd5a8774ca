// The built API (dist/main.js) as a process, configured as in production
// (NODE_ENV=production, behind one proxy hop) on a migrated database.
import { join } from 'node:path';
import { randomHex, LOG_DIR, ADMIN_EMAIL, ADMIN_PASSWORD, SECRET_CANARY } from '../../../apps/api/test/support/test-app.js';
import { startApiProcess, type RunningApi } from '../../../apps/api/test/support/processes.js';

export { ADMIN_EMAIL, ADMIN_PASSWORD };

export function productionEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    JWT_SECRET: `${SECRET_CANARY}-edge-jwt-${randomHex(24)}`,
    ENCRYPTION_KEY: randomHex(32),
    ENCRYPTION_KEY_ID: 'k1',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TRUST_PROXY: '1',
    COOKIE_SECURE: 'true',
    LOG_LEVEL: 'info',
    LOG_FILE: join(LOG_DIR, `api-infra-${process.pid}-${randomHex(3)}.log`),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    // nginx's limits are under test; the API's own must not answer first.
    RATE_LIMIT_MAX_REQUESTS: '100000',
    LOGIN_RATE_LIMIT_MAX: '100000',
    LOGIN_BACKOFF_THRESHOLD: '1000',
    HOUSEKEEPING_INTERVAL_MINUTES: '0',
    ...overrides,
  };
}

export function startProductionApi(databaseUrl: string, overrides: Record<string, string> = {}): Promise<RunningApi> {
  return startApiProcess(productionEnv(databaseUrl, overrides), 30_000);
}
