import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { CurrentPrincipal, TenantOrOperator } from '../common/auth/auth.decorators.js';
import type { Principal } from '../common/auth/principal.js';
import { RealtimeTicketDto, toTicketResponse } from './realtime.dto.js';
import { RealtimeService } from './realtime.service.js';

@ApiBearerAuth()
@Controller('v1/realtime')
export class RealtimeController {
  constructor(private readonly realtime: RealtimeService) {}

  // Tenant users get a ticket for their account's room, the operator one for the platform room.
  @TenantOrOperator()
  @Post('tickets')
  @ZodResponse({ status: 201, type: RealtimeTicketDto, description: 'A single-use ticket for /ws?ticket=, valid for 30 seconds' })
  async issueTicket(@CurrentPrincipal() principal: Principal) {
    return toTicketResponse(await this.realtime.issueTicket(principal));
  }
}
