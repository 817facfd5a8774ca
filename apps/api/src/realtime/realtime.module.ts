import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RealtimeController } from './realtime.controller.js';
import { RealtimeFanout } from './realtime-fanout.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeRepository } from './realtime.repository.js';
import { RealtimeRooms } from './realtime-rooms.js';
import { RealtimeService } from './realtime.service.js';

/**
 * Tickets (HTTP) and the WebSocket at /ws. Other modules import it for
 * RealtimeService: publish events, and close the sockets of an account or a
 * user that lost access, on every replica (RealtimeFanout, with REDIS_URL).
 */
@Module({
  imports: [AuthModule],
  controllers: [RealtimeController],
  providers: [RealtimeRepository, RealtimeRooms, RealtimeFanout, RealtimeService, RealtimeGateway],
  exports: [RealtimeService],
})
export class RealtimeModule {}
