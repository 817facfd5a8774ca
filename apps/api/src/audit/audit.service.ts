import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import { AuditRepository, type AuditEventInput, type AuditEventRow } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Writes the event. Metadata must never carry a secret: callers pass ids,
   * provider names and outcomes only.
   */
  async record(event: AuditEventInput): Promise<void> {
    try {
      await this.repo.create(event);
    } catch (err) {
      // An audit write must not turn a successful action into a 500 for the user;
      // it is logged loudly instead so ops can see the gap.
      this.logger.error({ action: event.action, err: err instanceof Error ? err.message : String(err) }, 'audit write failed');
    }
  }

  list(filter: { accountId?: string; action?: string; before?: { createdAt: Date; id: string }; limit: number }): Promise<AuditEventRow[]> {
    return this.repo.list(filter);
  }
}
