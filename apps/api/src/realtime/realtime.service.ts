import { Inject, Injectable } from '@nestjs/common';
import {
  REALTIME_TICKET_TTL_SECONDS,
  realtimeCloseCodes,
  realtimeEventSchema,
  type RealtimeCloseReason,
  type RealtimeEvent,
} from '@prixagent/contracts';
import type { Logger } from 'pino';
import { ADMIN_SUBJECT } from '../auth/auth.service.js';
import { TokenService } from '../auth/token.service.js';
import type { Principal } from '../common/auth/principal.js';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import type { AccountStatus, UserRole } from '../generated/prisma/client.js';
import { hashTicket, isWellFormedTicket, newTicket } from './realtime-protocol.js';
import { accountRoom, PLATFORM_ROOM, RealtimeRooms } from './realtime-rooms.js';
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
 * The sockets themselves are RealtimeGateway's business.
 */
@Injectable()
export class RealtimeService {
  private readonly log: Logger;

  constructor(
    private readonly repo: RealtimeRepository,
    private readonly rooms: RealtimeRooms,
    private readonly tokens: TokenService,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ module: 'realtime' });
  }

  /**
   * Operator tickets name the credentials stamp (see TokenService.adminStamp),
   * as operator refresh tokens do: a ticket issued before ADMIN_EMAIL or
   * ADMIN_PASSWORD changed admits nobody.
   */
  private get operatorSubject(): string {
    return `${ADMIN_SUBJECT}:${this.tokens.adminStamp}`;
  }

  /** A single-use ticket for the caller's own room; only its hash is stored. */
  async issueTicket(principal: Principal): Promise<{ ticket: string; expiresAt: Date }> {
    const { ticket, tokenHash } = newTicket();
    const expiresAt = new Date(Date.now() + REALTIME_TICKET_TTL_SECONDS * 1000);
    await this.repo.createTicket(
      principal.kind === 'user'
        ? { tokenHash, accountId: principal.accountId, userId: principal.userId, subject: principal.userId, expiresAt }
        : { tokenHash, accountId: null, userId: null, subject: this.operatorSubject, expiresAt },
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
    return row.subject === this.operatorSubject ? { kind: 'platform_admin', room: PLATFORM_ROOM } : sessionEnded;
  }

  /**
   * Second step, once the socket is in its room: the user must still exist in
   * that account and the account must be active. Checked after joining, so a
   * suspension committed meanwhile either is seen here or finds the socket in
   * the room (disconnectAccount); it cannot slip between the two.
   */
  async standing(identity: SocketIdentity): Promise<{ role: UserRole | 'platform_admin' } | Refusal> {
    if (identity.kind === 'platform_admin') return { role: 'platform_admin' };
    const user = await this.repo.findUser(identity.userId);
    if (!user || user.accountId !== identity.accountId) return sessionEnded;
    if (user.accountStatus !== 'active') return inactiveAccount(user.accountStatus);
    return { role: user.role };
  }

  /**
   * Sends an event to every socket of a tenant (its account id) or of the
   * operator ('platform') on this replica; returns how many sockets got it.
   * Throws on a malformed event: that is a bug in the caller, not bad input.
   */
  publish(target: string, event: RealtimeEvent): number {
    const checked = realtimeEventSchema.parse(event);
    return this.rooms.send(target === PLATFORM_ROOM ? PLATFORM_ROOM : accountRoom(target), JSON.stringify(checked));
  }

  /** Called once an account is suspended, cancelled or closed: its live sockets go at once (4403). */
  disconnectAccount(accountId: string, status: Exclude<AccountStatus, 'active'>): number {
    const { code, reason } = inactiveAccount(status);
    const closed = this.rooms.close((c) => c.accountId === accountId, code, reason);
    if (closed > 0) this.log.info({ accountId, closed, reason }, 'closed realtime sockets of an inactive account');
    return closed;
  }

  /** Called once a user is removed: its live sockets go at once (4401). */
  disconnectUser(userId: string): number {
    const closed = this.rooms.close((c) => c.userId === userId, sessionEnded.code, sessionEnded.reason);
    if (closed > 0) this.log.info({ userId, closed }, 'closed realtime sockets of a removed user');
    return closed;
  }

  /**
   * Re-checks every tenant socket of this replica against the database and
   * closes those whose account is no longer active or whose user is gone.
   * The direct calls above only reach the replica that served the operator's
   * request; this periodic pass is what reaches the others without Redis.
   */
  async revalidate(): Promise<number> {
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
      if (refusal) closed += this.rooms.close((c) => c === client, refusal.code, refusal.reason);
    }
    if (closed > 0) this.log.info({ closed }, 'closed realtime sockets that lost their standing');
    return closed;
  }
}
