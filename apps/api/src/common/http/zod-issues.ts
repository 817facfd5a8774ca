import { ZodError } from 'zod';
import type { ErrorDetail } from '../errors/domain-error.js';

/** zod issues as `{ field, message }` pairs, field as a dotted path (`secrets.authToken`). */
export function zodIssuesToDetails(error: unknown, prefix?: string): ErrorDetail[] {
  if (!(error instanceof ZodError)) return [{ message: 'Invalid input' }];
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p): p is string => Boolean(p)).join('.');
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return path ? { field: path, message } : { message };
  });
}
