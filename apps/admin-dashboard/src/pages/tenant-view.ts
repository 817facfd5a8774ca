import { emailSchema, uuidSchema, type CreateAccountRequest } from '@prixagent/contracts';
import { ApiError } from '@prixagent/ui';
import { z } from 'zod';

export type Plan = CreateAccountRequest['plan'];

/** The plans a new tenant can get, in the order the form offers them. */
export const PLANS: readonly Plan[] = ['starter', 'pro', 'enterprise'];

/** The API answers `plan` as a plain string; only a plan we know has a translated name. */
export function isPlan(plan: string): plan is Plan {
  return (PLANS as readonly string[]).includes(plan);
}

/**
 * Whether a path segment can name a tenant at all. Anything else is "not
 * found" at once, without a request (the API would answer 404 too).
 */
export function isTenantId(id: string): boolean {
  return uuidSchema.safeParse(id).success;
}

/** The tenant is not there (unknown or malformed id): a missing page, not a form to correct. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * An email as the operator types or pastes it: pasted addresses often carry
 * spaces, and the contract checks the format before it trims. Required in the
 * forms, which always offer an address.
 */
export const typedEmailSchema = z.string().trim().pipe(emailSchema);
