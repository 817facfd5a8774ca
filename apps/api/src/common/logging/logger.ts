import { createWriteStream } from 'node:fs';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { Env } from '../../config/env.schema.js';
import { prettyStream } from './pretty-stream.js';

/**
 * Every path a secret could travel in a log line. pino removes them before the
 * line is serialised, so a careless `log.info({ body })` still leaks nothing.
 */
const SECRET_KEYS = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'ticket', 'secrets', 'authToken', 'apiKey', 'accountSid', 'body'];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  // pino's wildcard spans one level, so each key is listed at the first three depths.
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
}

export function serializeRequest(req: LoggedRequest): Record<string, string | undefined> {
  return { method: req.method, url: req.url?.split('?', 1)[0], host: req.host, remoteAddress: req.ip };
}

export type LoggerEnv = Pick<Env, 'LOG_LEVEL' | 'LOG_FILE'> & Partial<Pick<Env, 'LOG_FORMAT' | 'NODE_ENV'>>;

/**
 * The format of the lines on standard output: LOG_FORMAT when set, else pretty
 * in development and JSON everywhere else (production, tests). A LOG_FILE is
 * always JSON: files are read by tools (jq, the test runner's secret canary).
 */
export function logFormat(env: LoggerEnv): 'json' | 'pretty' {
  if (env.LOG_FILE) return 'json';
  return env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json');
}

function defaultDestination(env: LoggerEnv): DestinationStream {
  if (env.LOG_FILE) return createWriteStream(env.LOG_FILE, { flags: 'a' });
  return logFormat(env) === 'pretty' ? prettyStream(process.stdout, env.LOG_LEVEL) : pino.destination(1);
}

/**
 * The one logger: JSON with secrets redacted, whatever the destination. The
 * pretty view (development) is only another destination for the same lines.
 */
export function createRootLogger(env: LoggerEnv, destination?: DestinationStream): Logger {
  const stream = destination ?? defaultDestination(env);
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { service: 'api' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Fastify keeps a logger's own `req` serializer. Ours logs the path without
      // its query string: a query can carry a credential (a WebSocket ticket on a
      // plain GET /ws), and nginx's access log drops it for the same reason.
      serializers: { req: serializeRequest },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

/** Routes Nest's own log calls into the same JSON stream as the request logs. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
