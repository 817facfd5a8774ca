import { envSchema, productionProblems, type Env } from './env.schema.js';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment map; throws one EnvError listing every problem. Never echoes values. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) {
    // An empty assignment in .env (`REDIS_URL=`) means "not set".
    if (v !== undefined && v !== '') cleaned[k] = v;
  }
  const result = envSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(env)';
        const message = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
        return `${name} ${message}`;
      });
  problems.push(...productionProblems(cleaned));
  if (result.success && problems.length === 0) return result.data;
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The one place the process environment is read. */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
