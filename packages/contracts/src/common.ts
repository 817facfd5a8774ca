import { z } from 'zod';

/**
 * The existing tenant an error detail is about, when naming it is the point
 * (`tenant_possible_duplicate`: which tenant the new one looks like).
 */
export const errorDetailAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.string(),
});

/** The one error body every non-2xx answer carries. */
export const errorDetailSchema = z.object({
  field: z.string().optional(),
  message: z.string(),
  account: errorDetailAccountSchema.optional(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetailSchema),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const uuidSchema = z.uuid();

/**
 * A path id. The API answers a malformed one with 404 `not_found`, exactly as an
 * unknown one: a path that names nothing is not found, not a form to correct.
 */
export const idParamSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** Keyset pagination: `?limit=&cursor=` in, `{ items, nextCursor }` out. */
export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/**
 * Free text a person types (names, search terms): trimmed, bounded, and without
 * control characters, which PostgreSQL refuses in text (NUL) or nobody means.
 */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' });
}

export const emailSchema = z
  .email({ message: 'must be a valid email address' })
  .max(254)
  .transform((v) => v.trim().toLowerCase());

/** OWASP ASVS: long passphrases allowed, no composition rules, a sane upper bound for hashing. */
export const passwordSchema = z
  .string()
  .min(12, { message: 'must be at least 12 characters' })
  .max(256, { message: 'must be at most 256 characters' });
