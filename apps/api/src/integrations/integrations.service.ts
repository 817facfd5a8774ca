import { Injectable } from '@nestjs/common';
import { credentialInputSchemas, hintFieldByProvider, identifierFieldsByProvider, providerSchema, type Integration, type Provider } from '@prixagent/contracts';
import { AuditService } from '../audit/audit.service.js';
import type { TenantPrincipal } from '../common/auth/principal.js';
import { CredentialUnreadableError, NotFoundError, ValidationError } from '../common/errors/domain-error.js';
import { zodIssuesToDetails } from '../common/http/zod-issues.js';
import { TenantCryptoService } from '../crypto/tenant-crypto.service.js';
import { notConfigured, toIntegration } from './integrations.dto.js';
import { IntegrationsRepository, type CredentialRow } from './integrations.repository.js';

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly repo: IntegrationsRepository,
    private readonly crypto: TenantCryptoService,
    private readonly audit: AuditService,
  ) {}

  /** Every provider, configured or not; a credential that no longer decrypts shows as "unreadable". */
  async list(principal: TenantPrincipal): Promise<Integration[]> {
    const rows = await this.repo.list(principal.accountId);
    const byProvider = new Map(rows.map((r) => [r.provider, r]));
    return Promise.all(
      providerSchema.options.map(async (provider) => {
        const row = byProvider.get(provider);
        return row ? toIntegration(row, await this.readable(row)) : notConfigured(provider);
      }),
    );
  }

  /** Reads and decrypts the credential: answers 409 when it cannot be decrypted. */
  async get(principal: TenantPrincipal, provider: Provider): Promise<Integration> {
    const row = await this.repo.find(principal.accountId, provider);
    if (!row) return notConfigured(provider);
    await this.crypto.decryptSecrets(row.accountId, row.provider, row.secrets);
    return toIntegration(row, true);
  }

  /**
   * Validates the body against the provider's schema, encrypts every secret
   * field and stores it. Provider verification arrives with the integrations
   * issue; until then a saved credential is "unverified".
   */
  async save(principal: TenantPrincipal, provider: Provider, body: unknown, ip: string): Promise<Integration> {
    const parsed = credentialInputSchemas[provider].safeParse(body);
    if (!parsed.success) {
      const details = zodIssuesToDetails(parsed.error);
      throw new ValidationError(`Invalid ${provider} credentials: ${details.map((d) => `${d.field ?? ''} ${d.message}`.trim()).join('; ')}`, details);
    }
    const secrets: Record<string, string> = parsed.data.secrets;
    const hintField = hintFieldByProvider[provider];
    const main = secrets[hintField] ?? '';
    const encrypted = await this.crypto.encryptSecrets(principal.accountId, provider, secrets);
    const row = await this.repo.upsert(principal.accountId, provider, {
      secrets: encrypted,
      // Which account is connected (the Twilio Account SID) is shown; the keys never are.
      config: { ...parsed.data.config, ...Object.fromEntries(identifierFieldsByProvider[provider].map((field) => [field, secrets[field] ?? ''])) },
      status: 'unverified',
      hint: main.slice(-4),
      fingerprint: await this.crypto.fingerprint(principal.accountId, provider, hintField, main),
      lastVerifiedAt: null,
      lastError: null,
    });
    if (!row) throw new NotFoundError('Account');
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'integration.saved', targetType: 'integration', targetId: provider, ip });
    return toIntegration(row, true);
  }

  async remove(principal: TenantPrincipal, provider: Provider, ip: string): Promise<void> {
    if (!(await this.repo.delete(principal.accountId, provider))) throw new NotFoundError(`${provider} integration`);
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'integration.deleted', targetType: 'integration', targetId: provider, ip });
  }

  private async readable(row: CredentialRow): Promise<boolean> {
    try {
      await this.crypto.decryptSecrets(row.accountId, row.provider, row.secrets);
      return true;
    } catch (e) {
      if (e instanceof CredentialUnreadableError) return false;
      throw e;
    }
  }
}
