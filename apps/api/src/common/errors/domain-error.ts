/**
 * Typed errors raised by services and turned into HTTP answers by the one error
 * filter. Services never throw HTTP exceptions; they say what went wrong.
 */
export interface ErrorDetail {
  field?: string;
  message: string;
  /** The existing tenant a detail is about, for the operator (e.g. the tenant a new one may duplicate). */
  account?: { id: string; name: string; slug: string; status: string };
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds to wait before retrying (429 and some 503s). */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ErrorDetail[] = [], retryAfterSeconds?: number) {
    super(message);
    this.name = new.target.name;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'validation_failed';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code: string;
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super(message);
    this.code = code;
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code: string;
  constructor(message = 'You are not allowed to do this', code = 'forbidden') {
    super(message);
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(what = 'Resource') {
    super(`${what} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'conflict', details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

/** A stored credential that cannot be decrypted: tampered, swapped, or its key is gone. */
export class CredentialUnreadableError extends DomainError {
  readonly status = 409;
  readonly code = 'credential_unreadable';
  constructor(message = 'The stored credential cannot be decrypted; save it again') {
    super(message);
  }
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly code: string;
  constructor(message: string, code = 'unprocessable', details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(message: string, retryAfterSeconds: number) {
    super(message, [], retryAfterSeconds);
  }
}

export class ProviderError extends DomainError {
  readonly status: 502 | 504;
  readonly code: string;
  constructor(message: string, status: 502 | 504 = 502, code = status === 504 ? 'provider_timeout' : 'provider_unavailable') {
    super(message);
    this.status = status;
    this.code = code;
  }
}
