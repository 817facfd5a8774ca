import { z } from 'zod';
import { emailSchema, errorDetailAccountSchema, paginationQuerySchema, plainText } from './common.js';

export const accountStatusSchema = z.enum(['active', 'suspended', 'cancelled']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, {
    message: 'must be 1-48 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
  });

export const createAccountRequestSchema = z.object({
  name: plainText(120).min(1, { message: 'is required' }),
  slug: slugSchema.optional(),
  email: emailSchema,
  plan: z.enum(['starter', 'pro', 'enterprise']).default('starter'),
  /** The owner to invite; defaults to the account's email. */
  ownerEmail: emailSchema.optional(),
  /**
   * Create it even though an existing tenant has the same name (case and
   * surrounding spaces aside) or email: without it the API answers 409
   * `tenant_possible_duplicate` naming the tenant(s) it matches.
   */
  allowDuplicate: z.boolean().default(false),
});
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;

/** Which field of a new tenant matched an existing one (the `field` of each `tenant_possible_duplicate` detail). */
export const duplicateTenantFieldSchema = z.enum(['name', 'email', 'ownerEmail']);
export type DuplicateTenantField = z.infer<typeof duplicateTenantFieldSchema>;

/** One detail of a 409 `tenant_possible_duplicate`: the request field and the existing tenant it matches. */
export const duplicateTenantDetailSchema = z.object({
  field: duplicateTenantFieldSchema,
  message: z.string(),
  account: errorDetailAccountSchema,
});
export type DuplicateTenantDetail = z.infer<typeof duplicateTenantDetailSchema>;

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  email: z.string(),
  status: accountStatusSchema,
  plan: z.string(),
  closedAt: z.string().nullable(),
  /** Whether the owner has signed up; until then the operator can issue a new owner invite. */
  hasOwner: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const inviteLinkSchema = z.object({
  email: z.string(),
  role: z.enum(['owner', 'admin', 'member']),
  /** Shown once: only its hash is stored. */
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});

export const createAccountResponseSchema = z.object({
  account: accountSchema,
  ownerInvite: inviteLinkSchema,
});

export const listAccountsQuerySchema = paginationQuerySchema.extend({
  q: plainText(120).optional(),
  status: accountStatusSchema.optional(),
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuerySchema>;

export const accountPageSchema = z.object({ items: z.array(accountSchema), nextCursor: z.string().nullable() });

export const reissueOwnerInviteRequestSchema = z.object({
  /** Defaults to the account's email. */
  email: emailSchema.optional(),
});

export const closeAccountRequestSchema = z.object({
  /** Must repeat the slug: closing destroys the tenant's data key for good. */
  confirmSlug: z.string().min(1, { message: 'is required' }),
});
