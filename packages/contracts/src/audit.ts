import { z } from 'zod';
import { paginationQuerySchema } from './common.js';

export const listAuditEventsQuerySchema = paginationQuerySchema.extend({
  accountId: z.uuid({ message: 'must be a UUID' }).optional(),
  action: z.string().regex(/^[a-z_.]{1,80}$/, { message: 'must be an action name such as auth.login.failed' }).optional(),
});
export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuerySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  /** Ids and outcomes only, never a secret. */
  metadata: z.unknown(),
  createdAt: z.string(),
});

export const auditEventPageSchema = z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() });
