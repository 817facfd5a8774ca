import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { paginationQuerySchema } from '@prixagent/contracts';
import { PlatformAdmin } from '../common/auth/auth.decorators.js';
import { decodeCursor, toPage } from '../common/http/cursor.js';
import { AuditService } from './audit.service.js';

const auditQuerySchema = paginationQuerySchema.extend({
  accountId: z.uuid({ message: 'must be a UUID' }).optional(),
  action: z.string().regex(/^[a-z_.]{1,80}$/, { message: 'must be an action name such as auth.login.failed' }).optional(),
});
const auditEventSchema = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.unknown(),
  createdAt: z.string(),
});
class AuditQueryDto extends createZodDto(auditQuerySchema) {}
class AuditPageDto extends createZodDto(z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() })) {}

@ApiBearerAuth()
@PlatformAdmin()
@Controller('v1/admin/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ZodResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQueryDto) {
    const rows = await this.audit.list({
      ...(query.accountId ? { accountId: query.accountId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit: query.limit + 1,
    });
    const page = toPage(rows, query.limit);
    return { items: page.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), nextCursor: page.nextCursor };
  }
}
