import { Inject, Injectable } from '@nestjs/common';
import { CredentialUnreadableError, NotFoundError } from '../common/errors/domain-error.js';
import type { IntegrationProvider } from '../generated/prisma/enums.js';
import {
  decryptField,
  encryptField,
  fingerprint,
  generateDataKey,
  isValidFieldName,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';
import { Keyring } from './keyring.js';
import { TenantKeyRepository } from './tenant-key.repository.js';

/*
 * Unwrapped data keys are cached because credentials are decrypted on request paths (every
 * outbound call, every Twilio webhook). The TTL is short on purpose: destroying a tenant key
 * on one replica can only evict that replica's cache, so every other replica may keep
 * decrypting the shredded tenant's secrets until its copy expires. A minute bounds that
 * window while still saving almost every database round trip under load.
 */
export const DATA_KEY_CACHE_TTL_MS = 60_000;
export const DATA_KEY_CACHE_MAX_ENTRIES = 1_000;

interface CachedDataKey {
  dek: Buffer;
  expiresAt: number;
}

@Injectable()
export class TenantCryptoService {
  // Map keeps insertion order, which makes it a cheap LRU: hits are re-inserted at the end.
  readonly #cache = new Map<string, CachedDataKey>();
  // Bumped by every destroy so a load that raced a destroy does not put the key back.
  #destroyGeneration = 0;

  constructor(
    @Inject(Keyring) private readonly keyring: Keyring,
    @Inject(TenantKeyRepository) private readonly tenantKeys: TenantKeyRepository,
  ) {}

  /** Encrypts each field under the tenant's data key, creating that key on first use. */
  async encryptSecrets(accountId: string, provider: IntegrationProvider, secrets: Record<string, string>): Promise<Record<string, string>> {
    const entries = Object.entries(secrets);
    for (const [field, value] of entries) {
      if (!isValidFieldName(field)) throw new TypeError(`Invalid secret field name "${field}"`);
      if (typeof value !== 'string') throw new TypeError(`Secret field "${field}" must be a string`);
    }
    const dek = await this.dataKeyForWrite(accountId);
    const encrypted: Record<string, string> = {};
    for (const [field, value] of entries) {
      encrypted[field] = encryptField(dek, { accountId, provider, field }, value);
    }
    return encrypted;
  }

  /**
   * Decrypts a stored `secrets` JSON value. Anything that is not an object of field name to
   * ciphertext string, a missing or unreadable tenant key, or a ciphertext that fails
   * authentication is a CredentialUnreadableError.
   */
  async decryptSecrets(accountId: string, provider: IntegrationProvider, stored: unknown): Promise<Record<string, string>> {
    const entries = storedEntries(stored);
    if (entries.length === 0) return {};
    const dek = await this.dataKeyForRead(accountId);
    const decrypted: Record<string, string> = {};
    for (const [field, ciphertext] of entries) {
      decrypted[field] = decryptField(dek, { accountId, provider, field }, ciphertext);
    }
    return decrypted;
  }

  /** Keyed digest of a secret value ("same key as before?"), 16 hex characters. */
  async fingerprint(accountId: string, provider: IntegrationProvider, field: string, value: string): Promise<string> {
    const dek = await this.dataKeyForWrite(accountId);
    return fingerprint(dek, { accountId, provider, field }, value);
  }

  /**
   * Crypto-shredding: deletes the tenant's wrapped data key, so its ciphertexts (in backups
   * too) can no longer be read. True when a key existed.
   */
  async destroyTenantKey(accountId: string): Promise<boolean> {
    this.#destroyGeneration += 1;
    this.#cache.delete(accountId);
    const deleted = await this.tenantKeys.delete(accountId);
    // A concurrent read may have cached the key between the first eviction and the delete.
    this.#cache.delete(accountId);
    return deleted;
  }

  /** Drops one tenant's cached key (e.g. after another replica reported a destroy). */
  evict(accountId: string): void {
    this.#cache.delete(accountId);
  }

  private async dataKeyForRead(accountId: string): Promise<Buffer> {
    const cached = this.cached(accountId);
    if (cached) return cached;
    const generation = this.#destroyGeneration;
    const row = await this.tenantKeys.findByAccount(accountId);
    if (!row) throw new CredentialUnreadableError();
    const dek = unwrapDataKey(this.keyring, accountId, row.wrappedKey);
    this.remember(accountId, dek, generation);
    return dek;
  }

  private async dataKeyForWrite(accountId: string): Promise<Buffer> {
    const cached = this.cached(accountId);
    if (cached) return cached;
    const generation = this.#destroyGeneration;
    let row = await this.tenantKeys.findByAccount(accountId);
    if (!row) {
      const fresh = generateDataKey();
      row = await this.tenantKeys.createIfAbsent(accountId, wrapDataKey(this.keyring, accountId, fresh), this.keyring.current.id);
      if (!row) throw new NotFoundError('Account');
    }
    // Always unwrap what was stored: if a concurrent first use won the insert, its key is
    // the tenant's key and ours is discarded.
    const dek = unwrapDataKey(this.keyring, accountId, row.wrappedKey);
    this.remember(accountId, dek, generation);
    return dek;
  }

  private cached(accountId: string): Buffer | undefined {
    const entry = this.#cache.get(accountId);
    if (!entry) return undefined;
    this.#cache.delete(accountId);
    if (entry.expiresAt <= Date.now()) return undefined;
    this.#cache.set(accountId, entry);
    return entry.dek;
  }

  private remember(accountId: string, dek: Buffer, generationAtLoad: number): void {
    if (generationAtLoad !== this.#destroyGeneration) return;
    this.#cache.delete(accountId);
    this.#cache.set(accountId, { dek, expiresAt: Date.now() + DATA_KEY_CACHE_TTL_MS });
    while (this.#cache.size > DATA_KEY_CACHE_MAX_ENTRIES) {
      const oldest = this.#cache.keys().next();
      if (oldest.done) break;
      this.#cache.delete(oldest.value);
    }
  }
}

function storedEntries(stored: unknown): [string, string][] {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new CredentialUnreadableError();
  const entries: [string, string][] = [];
  for (const [field, value] of Object.entries(stored)) {
    if (!isValidFieldName(field) || typeof value !== 'string') throw new CredentialUnreadableError();
    entries.push([field, value]);
  }
  return entries;
}
