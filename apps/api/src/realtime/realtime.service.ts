import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  REALTIME_TICKET_TTL_SECONDS,
  realtimeCloseCodes,
  realtimeEventSchema,
  type RealtimeCloseReason,
  type RealtimeEvent,
} from '@prixagent/contracts';
import type { Logger } from 'pino';
import { AuthRepository } from '../auth/auth.repository.js';
import { TokenService } from '../auth/token.service.js';
import type { Principal } from '../common/auth/principal.js';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import type { AccountStatus, UserRole } from '../generated/prisma/client.js';
import { RealtimeFanout, type FanoutMessage } from './realtime-fanout.js';
import { hashTicket, isWellFormedTicket, newTicket } from './realtime-protocol.js';
import { accountRoom, closeSocket, PLATFORM_ROOM, RealtimeRooms } from './realtime-rooms.js';
import { RealtimeRepository } from './realtime.repository.js';

export type SocketIdentity =
  | { kind: 'user'; accountId: string; userId: string; room: string }
  | { kind: 'platform_admin'; room: typeof PLATFORM_ROOM };

/** Why a socket is turned away: the close code and the reason text it is closed with. */
export interface Refusal {
  refused: true;
  code: typeof realtimeCloseCodes.unauthorized | typeof realtimeCloseCodes.forbidden;
  reason: RealtimeCloseReason;
}

const invalidTicket: Refusal = { refused: true, code: realtimeCloseCodes.unauthorized, reason: 'invalid_ticket' };
const sessionEnded: Refusal = { refused: true, code: realtimeCloseCodes.unauthorized, reason: 'session_ended' };

function inactiveAccount(status: Exclude<AccountStatus, 'active'>): Refusal {
  return { refused: true, code: realtimeCloseCodes.forbidden, reason: status === 'suspended' ? 'account_suspended' : 'account_cancelled' };
}

/**
 * The rules of the realtime channel: who gets a ticket, who a ticket admits,
 * which sockets must go when an account or a user does, and publishing to rooms.
 * The sockets themselves are RealtimeGateway's business. With REDIS_URL, what
 * publish and the disconnects do here also goes to every other replica
 * (RealtimeFanout), which does the same to its own sockets.
 */
@Injectable()
export class RealtimeService implements OnModuleInit {
  private readonly log: Logger;
  /** The re-check running now, and the one queued behind it (see revalidate). */
  private running: Promise<number> | undefined;
  private queued: Promise<number> | undefined;

  constructor(
    private readonly repo: RealtimeRepository,
    private readonly auth: AuthRepository,
    private readonly rooms: RealtimeRooms,
    private readonly tokens: TokenService,
    private readonly fanout: RealtimeFanout,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ module: 'realtime' });
  }

  onModuleInit(): void {
    this.fanout.listen(
      (message) => this.applyFromReplica(message),
      // Closes sent while this replica was not listening are lost to it: re-check now rather than at the next heartbeat.
      () => {
        this.revalidate().catch((err: unknown) => this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'realtime re-check after resubscribing failed'));
      },
    );
  }

  /** A single-use ticket for the caller's own room; only its hash is stored. */
  async issueTicket(principal: Principal): Promise<{ ticket: string; expiresAt: Date }> {
    const { ticket, tokenHash } = newTicket();
    const expiresAt = new Date(Date.now() + REALTIME_TICKET_TTL_SECONDS * 1000);
    await this.repo.createTicket(
      principal.kind === 'user'
        ? { tokenHash, accountId: principal.accountId, userId: principal.userId, subject: principal.userId, expiresAt }
        : { tokenHash, accountId: null, userId: null, subject: this.tokens.adminSubject, expiresAt },
    );
    return { ticket, expiresAt };
  }

  /** First step of admission: uses the ticket up (whatever happens next) and says whom it was issued to. */
  async redeem(ticket: string | null): Promise<SocketIdentity | Refusal> {
    // A malformed ticket cannot match a hash: no reason to ask the database.
    if (!isWellFormedTicket(ticket)) return invalidTicket;
    const row = await this.repo.consumeTicket(hashTicket(ticket), new Date());
    if (!row) return invalidTicket;
    if (row.accountId !== null && row.userId !== null) return { kind: 'user', accountId: row.accountId, userId: row.userId, room: accountRoom(row.accountId) };
    return row.subject === this.tokens.adminSubject ? { kind: 'platform_admin', room: PLATFORM_ROOM } : sessionEnded;
  }

  /**
   * Second step, once the socket is in its room: the user must still exist in
   * that account and the account must be active. Checked after joining, so a
   * suspension committed meanwhile either is seen here or finds the socket in
   * the room (disconnectAccount); it cannot slip between the two.
   */
  async standing(identity: SocketIdentity): Promise<{ role: UserRole | 'platform_admin' } | Refusal> {
    if (identity.kind === 'platform_admin') return { role: 'platform_admin' };
    const user = await this.auth.findSessionByUserId(identity.userId);
    if (!user || user.accountId !== identity.accountId) return sessionEnded;
    if (user.accountStatus !== 'active') return inactiveAccount(user.accountStatus);
    return { role: user.role };
  }

  /**
   * Sends an event to every socket of a tenant (its account id) or of the
   * operator ('platform'): on this replica at once, and through Redis on the
   * others when REDIS_URL is set. Returns how many sockets of this replica got it.
   * Throws on a malformed event: that is a bug in the caller, not bad input.
   */
  publish(target: string, event: RealtimeEvent): number {
    const checked = realtimeEventSchema.parse(event);
    const room = target === PLATFORM_ROOM ? PLATFORM_ROOM : accountRoom(target);
    const sent = this.rooms.send(room, JSON.stringify(checked));
    this.fanout.broadcast({ kind: 'event', room, event: checked });
    return sent;
  }

  /**
   * Called once an account is suspended, cancelled or closed: its live sockets
   * go at once (4403), here and on every other replica. Returns how many here.
   */
  disconnectAccount(accountId: string, status: Exclude<AccountStatus, 'active'>): number {
    const closed = this.closeAccountSockets(accountId, status);
    this.fanout.broadcast({ kind: 'close_account', accountId, status });
    return closed;
  }

  /** Called once a user is removed: its live sockets go at once (4401), here and on every other replica. */
  disconnectUser(userId: string): number {
    const closed = this.closeUserSockets(userId);
    this.fanout.broadcast({ kind: 'close_user', userId });
    return closed;
  }

  private applyFromReplica(message: FanoutMessage): void {
    switch (message.kind) {
      case 'event':
        this.rooms.send(message.room, JSON.stringify(message.event));
        return;
      case 'close_account':
        this.closeAccountSockets(message.accountId, message.status);
        return;
      case 'close_user':
        this.closeUserSockets(message.userId);
        return;
    }
  }

  private closeAccountSockets(accountId: string, status: Exclude<AccountStatus, 'active'>): number {
    const { code, reason } = inactiveAccount(status);
    const closed = this.rooms.close((c) => c.accountId === accountId, code, reason);
    if (closed > 0) this.log.info({ accountId, closed, reason }, 'closed realtime sockets of an inactive account');
    return closed;
  }

  private closeUserSockets(userId: string): number {
    const closed = this.rooms.close((c) => c.userId === userId, sessionEnded.code, sessionEnded.reason);
    if (closed > 0) this.log.info({ userId, closed }, 'closed realtime sockets of a removed user');
    return closed;
  }

  /**
   * Re-checks every tenant socket of this replica against the database and
   * closes those whose account is no longer active or whose user is gone.
   * The direct calls above reach the other replicas only through Redis; this
   * periodic pass is what reaches them without it, or when a message was lost.
   *
   * Passes never overlap (a slow database must not pile them up): a call made
   * while one runs joins a single pass queued behind it, which starts once the
   * current one ends, so every caller's pass reads the database after its call.
   */
  revalidate(): Promise<number> {
    if (!this.running) {
      this.running = this.revalidateNow().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.revalidate();
      });
    return this.queued;
  }

  private async revalidateNow(): Promise<number> {
    const tenantClients = [...this.rooms.all()].flatMap((client) =>
      client.accountId !== null && client.userId !== null ? [{ client, accountId: client.accountId, userId: client.userId }] : [],
    );
    if (tenantClients.length === 0) return 0;
    const [accounts, users] = await Promise.all([
      this.repo.findAccountStatuses([...new Set(tenantClients.map((t) => t.accountId))]),
      this.repo.findUsers([...new Set(tenantClients.map((t) => t.userId))]),
    ]);
    const statusOf = new Map(accounts.map((a) => [a.id, a.status]));
    const accountOfUser = new Map(users.map((u) => [u.id, u.accountId]));
    let closed = 0;
    for (const { client, accountId, userId } of tenantClients) {
      const status = statusOf.get(accountId);
      const refusal = accountOfUser.get(userId) !== accountId || status === undefined ? sessionEnded : status !== 'active' ? inactiveAccount(status) : null;
      if (!refusal) continue;
      closeSocket(client.socket, refusal.code, refusal.reason);
      closed++;
    }
    if (closed > 0) this.log.info({ closed }, 'closed realtime sockets that lost their standing');
    return closed;
  }
}
