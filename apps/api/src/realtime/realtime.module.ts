import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RealtimeController } from './realtime.controller.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeRepository } from './realtime.repository.js';
import { RealtimeRooms } from './realtime-rooms.js';
import { RealtimeService } from './realtime.service.js';

/**
 * Tickets (HTTP) and the WebSocket at /ws. Other modules import it for
 * RealtimeService: publish events, and close the sockets of an account or a
 * user that lost access.
 */
@Module({
  imports: [AuthModule],
  controllers: [RealtimeController],
  providers: [RealtimeRepository, RealtimeRooms, RealtimeService, RealtimeGateway],
  exports: [RealtimeService],
})
export class RealtimeModule {}
