import { z } from 'zod';

/** The one error body every non-2xx answer carries. */
export const errorDetailSchema = z.object({
  field: z.string().optional(),
  message: z.string(),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(errorDetailSchema),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const uuidSchema = z.uuid();

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
