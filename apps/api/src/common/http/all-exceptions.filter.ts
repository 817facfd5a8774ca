import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import type { Logger } from 'pino';
import { DomainError } from '../errors/domain-error.js';
import { errorBody, type ErrorBody } from './error-body.js';
import { zodIssuesToDetails } from './zod-issues.js';

interface Answer {
  status: number;
  body: ErrorBody;
  retryAfter?: number;
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/** Errors Fastify raises before Nest sees the request (body parsing, limits). */
interface FastifyLikeError {
  statusCode: number;
  code?: string;
  message: string;
}

function isFastifyError(e: unknown): e is FastifyLikeError {
  return typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number';
}

/**
 * PostgreSQL's SQLSTATE for a database error that Prisma wraps, if any. Class 22
 * ("data exception": a NUL byte, a value out of range) means the input was bad.
 */
function postgresCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('meta' in e)) return undefined;
  const meta = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === 'string' ? code : undefined;
}

/** Maps anything thrown to DESIGN's error shape. Only 5xx are logged with their cause. */
export function toAnswer(exception: unknown): Answer {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      body: errorBody(exception.code, exception.message, exception.details),
      ...(exception.retryAfterSeconds !== undefined ? { retryAfter: exception.retryAfterSeconds } : {}),
    };
  }
  if (exception instanceof ZodValidationException) {
    const details = zodIssuesToDetails(exception.getZodError());
    return { status: 400, body: errorBody('validation_failed', describe(details), details) };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status < 500) {
      const message = status === 404 ? 'Route not found' : exception.message;
      return { status, body: errorBody(STATUS_CODES[status] ?? 'client_error', message) };
    }
  }
  if (isFastifyError(exception) && exception.statusCode >= 400 && exception.statusCode < 500) {
    const status = exception.statusCode;
    const message =
      status === 413
        ? 'Request body is too large'
        : exception.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Unsupported content type; send application/json'
          : status === 400 && exception.code?.startsWith('FST_ERR_CTP')
            ? 'Request body is not valid JSON'
            : exception.message;
    return { status, body: errorBody(STATUS_CODES[status] ?? 'client_error', message) };
  }
  // A safety net behind the contracts' own validation: never a 500 for bad input.
  if (postgresCode(exception)?.startsWith('22')) {
    return { status: 400, body: errorBody('invalid_input', 'A value in the request cannot be stored or searched for; check it for unusual characters or out-of-range numbers') };
  }
  return { status: 500, body: errorBody('internal_error', 'Something went wrong on our side; it has been logged') };
}

function describe(details: { field?: string; message: string }[]): string {
  const first = details[0];
  if (!first) return 'Invalid input';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${first.field ? `${first.field} ${first.message}` : first.message}${more}`;
}

export function sendAnswer(reply: FastifyReply, answer: Answer): void {
  if (answer.retryAfter !== undefined) void reply.header('Retry-After', String(Math.max(1, Math.ceil(answer.retryAfter))));
  void reply.status(answer.status).header('content-type', 'application/json; charset=utf-8').send(answer.body);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const answer = toAnswer(exception);
    if (answer.status >= 500) {
      const err = exception instanceof Error ? { type: exception.name, message: exception.message, stack: exception.stack } : { value: String(exception) };
      this.logger.error({ reqId: request.id, err }, 'unhandled error');
    }
    sendAnswer(reply, answer);
  }
}
