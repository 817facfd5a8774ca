import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { realtimeEventSchema, realtimeRoomSchema } from '@prixagent/contracts';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import { REDIS_KEY_PREFIX, RedisService } from '../redis/redis.service.js';

export const REALTIME_CHANNEL = `${REDIS_KEY_PREFIX}realtime`;

/** What one replica tells the others: deliver an event to a room, or close sockets that lost access. */
const fanoutMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), room: realtimeRoomSchema, event: realtimeEventSchema }),
  z.object({ kind: z.literal('close_account'), accountId: z.string().min(1), status: z.enum(['suspended', 'cancelled']) }),
  z.object({ kind: z.literal('close_user'), userId: z.string().min(1) }),
]);
export type FanoutMessage = z.infer<typeof fanoutMessageSchema>;

const envelopeSchema = z.object({ v: z.literal(1), origin: z.string(), message: fanoutMessageSchema });

/**
 * The realtime channel between replicas (REDIS_URL; docs/SCALING.md). Without
 * Redis it does nothing and every replica is on its own, as before.
 *
 * No echo: the publishing replica has already acted on its own sockets (at
 * once, and even while Redis is down), so it skips messages stamped with its
 * own origin when they come back. Order: one replica's messages reach every
 * replica in the order it sent them (one connection, and Redis keeps order);
 * messages from different replicas may interleave differently on each.
 * Messages sent while a replica's subscriber is disconnected are lost to it:
 * `listen`'s catch-up callback (a re-check of its sockets) and the 30-second
 * heartbeat re-check cover the closes; events are lost, as they would be to a
 * browser that is reconnecting.
 */
@Injectable()
export class RealtimeFanout {
  /** This process's stamp on the channel. */
  readonly origin = randomUUID();
  private readonly log: Logger;
  private publishFailing = false;

  constructor(
    private readonly redis: RedisService,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ module: 'realtime' });
  }

  /**
   * `apply` runs for every message from another replica; `catchUp` each time
   * the subscription is (re)established, since messages may have been missed.
   */
  listen(apply: (message: FanoutMessage) => void, catchUp: () => void): void {
    this.redis.subscribe(REALTIME_CHANNEL, (raw) => this.receive(raw, apply), catchUp);
  }

  /** Fire and forget: the caller has acted locally already; a failure is logged once per outage. */
  broadcast(message: FanoutMessage): void {
    const commands = this.redis.commands;
    if (!commands) return;
    commands.publish(REALTIME_CHANNEL, JSON.stringify({ v: 1, origin: this.origin, message })).then(
      () => {
        if (!this.publishFailing) return;
        this.publishFailing = false;
        this.log.info('realtime fan-out publishing again');
      },
      (err: unknown) => {
        if (this.publishFailing) return;
        this.publishFailing = true;
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'realtime fan-out publish failed; other replicas rely on their periodic re-check');
      },
    );
  }

  private receive(raw: string, apply: (message: FanoutMessage) => void): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      // Another version of the API during an upgrade, or something else on the channel.
      this.log.warn('ignored a malformed realtime fan-out message');
      return;
    }
    if (envelope.data.origin === this.origin) return;
    apply(envelope.data.message);
  }
}
