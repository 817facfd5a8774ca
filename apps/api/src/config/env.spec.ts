import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.schema.js';
import { EnvError, parseEnv } from './env.js';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/prixagent',
  JWT_SECRET: 'j'.repeat(48),
  ENCRYPTION_KEY: 'a'.repeat(64),
  ADMIN_EMAIL: 'Ops@Example.com',
  ADMIN_PASSWORD: 'a-strong-operator-passphrase',
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
}

describe('parseEnv', () => {
  it('applies documented defaults', () => {
    const env = parseEnv(valid);
    expect(env.API_PORT).toBe(3004);
    expect(env.ADMIN_EMAIL).toBe('ops@example.com');
    expect(env.ENCRYPTION_KEY_ID).toBe('k1');
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.CORS_ORIGIN).toEqual(['http://localhost:3001', 'http://localhost:3002']);
  });

  it('lists every problem at once, never echoing a value', () => {
    const found = problems({ ...valid, ENCRYPTION_KEY: 'zz', DATABASE_URL: 'mysql://x', JWT_SECRET: undefined, API_PORT: 'eighty' });
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/ENCRYPTION_KEY must be 64 hex characters/);
    expect(found.join('\n')).toMatch(/JWT_SECRET is required/);
    expect(found.join('\n')).not.toContain('mysql://x');
  });

  it('treats an empty assignment as unset', () => {
    expect(parseEnv({ ...valid, REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('in production refuses a short or default admin password and a short JWT secret', () => {
    const prod = { ...valid, NODE_ENV: 'production' };
    expect(problems(prod)).toEqual([]);
    expect(problems({ ...prod, ADMIN_PASSWORD: 'admin123' })).toEqual([
      'ADMIN_PASSWORD must be at least 12 characters in production',
      'ADMIN_PASSWORD is a known default password; choose a unique one',
    ]);
    expect(problems({ ...prod, ADMIN_PASSWORD: 'your-secure-password' })).toEqual(['ADMIN_PASSWORD is a known default password; choose a unique one']);
    expect(problems({ ...prod, JWT_SECRET: 'x'.repeat(31) })[0]).toMatch(/JWT_SECRET must be at least 32 bytes/);
    // Development tolerates a weak password so `pnpm dev` just works.
    expect(problems({ ...valid, ADMIN_PASSWORD: 'admin123' })).toEqual([]);
  });

  it('parses previous keys and refuses reuse of the current id or a malformed entry', () => {
    const env = parseEnv({ ...valid, ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_KEYS_PREVIOUS: `k1:${'b'.repeat(64)}` });
    expect(env.ENCRYPTION_KEYS_PREVIOUS).toEqual([{ id: 'k1', key: 'b'.repeat(64) }]);
    expect(problems({ ...valid, ENCRYPTION_KEYS_PREVIOUS: `k1:${'b'.repeat(64)}` })).toEqual(['ENCRYPTION_KEYS_PREVIOUS must not reuse ENCRYPTION_KEY_ID']);
    expect(problems({ ...valid, ENCRYPTION_KEYS_PREVIOUS: 'k0:short' })[0]).toMatch(/id:<64 hex characters>/);
  });

  it('reads TRUST_PROXY as false, true, a hop count or addresses', () => {
    expect(parseEnv({ ...valid, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ ...valid, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ ...valid, TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).TRUST_PROXY).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('.env.example', () => {
  it('documents every variable the API reads', () => {
    const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(envSchema.shape).filter((key) => !named.has(key))).toEqual([]);
  });
});
