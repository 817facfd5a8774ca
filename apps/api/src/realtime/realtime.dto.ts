import { createZodDto } from 'nestjs-zod';
import { realtimeTicketResponseSchema, type RealtimeTicketResponse } from '@prixagent/contracts';

export class RealtimeTicketDto extends createZodDto(realtimeTicketResponseSchema) {}

export function toTicketResponse(issued: { ticket: string; expiresAt: Date }): RealtimeTicketResponse {
  return { ticket: issued.ticket, expiresAt: issued.expiresAt.toISOString() };
}
