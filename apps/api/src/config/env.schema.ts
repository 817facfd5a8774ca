import { z } from 'zod';

// Passwords an operator might leave in place from a tutorial or an example file.
export const KNOWN_DEFAULT_PASSWORDS = new Set([
  'admin',
  'admin123',
  'admin1234',
  'password',
  'password123',
  'changeme',
  'change-me',
  'your-secure-password',
  'your-password',
  '123456',
  '12345678',
  'secret',
  'letmein',
]);

const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`');

const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-"');

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const previousKeys = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const keys: { id: string; key: string }[] = [];
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [id, key, ...rest] = part.split(':');
      if (!id || !key || rest.length > 0 || !keyId.safeParse(id).success || !hexKey.safeParse(key).success) {
        ctx.addIssue({ code: 'custom', message: 'each entry must be id:<64 hex characters>, separated by commas' });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    return keys;
  });

const url = z.url({ protocol: /^https?$/ });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    API_PORT: z.coerce.number().int().min(1).max(65535).default(3004),
    API_HOST: z.string().default('127.0.0.1'),
    PUBLIC_API_URL: url.default('http://localhost:3004'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),

    JWT_SECRET: z.string().min(1),
    JWT_ISSUER: z.string().default('prixagent'),
    JWT_AUDIENCE: z.string().default('prixagent-api'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),

    ENCRYPTION_KEY: hexKey,
    ENCRYPTION_KEY_ID: keyId.default('k1'),
    ENCRYPTION_KEYS_PREVIOUS: previousKeys,

    ADMIN_EMAIL: z.email().transform((v) => v.toLowerCase()),
    ADMIN_PASSWORD: z.string().min(1),

    CORS_ORIGIN: z
      .string()
      .default('http://localhost:3001,http://localhost:3002')
      .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v, ctx) => {
        if (v === 'false' || v === '0' || v === '') return false as const;
        if (v === 'true') return true as const;
        if (/^\d+$/.test(v)) return Number(v);
        const ips = v.split(',').map((s) => s.trim()).filter(Boolean);
        if (ips.length === 0) {
          ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count or a comma-separated list of addresses' });
          return z.NEVER;
        }
        return ips;
      }),
    RATE_LIMIT_WINDOW: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_MAX_REQUESTS: z.coerce.number().int().min(1).default(300),
    LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
    LOGIN_BACKOFF_THRESHOLD: z.coerce.number().int().min(1).default(5),
    LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).default(30),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),

    // Minutes between purges of expired sessions, dead invites and stale login counters; 0 turns it off.
    HOUSEKEEPING_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),

    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FILE: z.string().optional(),
    // Unset: pretty in development, json elsewhere (common/logging/logger.ts, logFormat).
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19_456),
    ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
    COOKIE_SECURE: booleanish.optional(),

    // Local development only: the demo tenant's owner that `pnpm dev` seeds.
    DEMO_OWNER_EMAIL: z.email().transform((v) => v.toLowerCase()).default('owner@demo.prixagent.local'),
    DEMO_OWNER_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),

    CLIENT_APP_URL: url.default('http://localhost:3001'),
    ADMIN_APP_URL: url.default('http://localhost:3002'),

    TWILIO_API_BASE_URL: url.default('https://api.twilio.com'),
    HIGHLEVEL_API_BASE_URL: url.default('https://services.leadconnectorhq.com'),
    ELEVENLABS_API_BASE_URL: url.default('https://api.elevenlabs.io'),
    CALCOM_API_BASE_URL: url.default('https://api.cal.com'),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  })
  .superRefine((env, ctx) => {
    if (env.ENCRYPTION_KEYS_PREVIOUS.some((k) => k.id === env.ENCRYPTION_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS_PREVIOUS'], message: 'must not reuse ENCRYPTION_KEY_ID' });
    }
  });

/**
 * Production refuses weak platform secrets outright. Checked on the raw values,
 * apart from the schema, so these problems are listed even when others exist.
 */
export function productionProblems(raw: Record<string, string | undefined>): string[] {
  if (raw['NODE_ENV'] !== 'production') return [];
  const problems: string[] = [];
  const password = raw['ADMIN_PASSWORD'];
  if (password !== undefined) {
    if (password.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters in production');
    if (KNOWN_DEFAULT_PASSWORDS.has(password.toLowerCase())) problems.push('ADMIN_PASSWORD is a known default password; choose a unique one');
  }
  const jwtSecret = raw['JWT_SECRET'];
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    problems.push('JWT_SECRET must be at least 32 bytes in production; generate one with `openssl rand -base64 48`');
  }
  return problems;
}

export type Env = z.infer<typeof envSchema>;
