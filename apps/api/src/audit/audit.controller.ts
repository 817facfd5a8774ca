import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { auditEventPageSchema, listAuditEventsQuerySchema } from '@prixagent/contracts';
import { PlatformAdmin } from '../common/auth/auth.decorators.js';
import { decodeCursor, toPage } from '../common/http/cursor.js';
import { AuditService } from './audit.service.js';

class AuditQueryDto extends createZodDto(listAuditEventsQuerySchema) {}
class AuditPageDto extends createZodDto(auditEventPageSchema) {}

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
