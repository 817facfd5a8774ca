import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialUnreadableError, NotFoundError } from '../common/errors/domain-error.js';
import { decryptField, generateDataKey, kekIdOf, unwrapDataKey, wrapDataKey } from './envelope.js';
import { Keyring } from './keyring.js';
import { DATA_KEY_CACHE_TTL_MS, TenantCryptoService } from './tenant-crypto.service.js';
import type { TenantKeyRecord, TenantKeyRepository } from './tenant-key.repository.js';

/** The repository contract in memory; DB behaviour is covered by the e2e tests. */
class MemoryTenantKeys {
  readonly rows = new Map<string, TenantKeyRecord>();
  readonly accounts = new Set<string>();
  reads = 0;
  /** Runs after the existence check inside createIfAbsent, to stage a lost race. */
  beforeInsert: ((accountId: string) => void) | undefined;

  findByAccount(accountId: string): Promise<TenantKeyRecord | null> {
    this.reads += 1;
    const row = this.rows.get(accountId);
    return Promise.resolve(row ? { ...row } : null);
  }

  async createIfAbsent(accountId: string, wrappedKey: string, kekId: string): Promise<TenantKeyRecord | null> {
    if (!this.accounts.has(accountId)) return null;
    this.beforeInsert?.(accountId);
    if (!this.rows.has(accountId)) this.rows.set(accountId, { accountId, wrappedKey, kekId });
    return this.findByAccount(accountId);
  }

  delete(accountId: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(accountId));
  }
}

const keyring = Keyring.of({ id: 'k2', key: randomBytes(32) }, [{ id: 'k1', key: randomBytes(32) }]);

function setup(): { service: TenantCryptoService; repo: MemoryTenantKeys; accountId: string } {
  const repo = new MemoryTenantKeys();
  const accountId = randomUUID();
  repo.accounts.add(accountId);
  const service = new TenantCryptoService(keyring, repo as unknown as TenantKeyRepository);
  return { service, repo, accountId };
}

describe('TenantCryptoService', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates the tenant key on first use and round-trips secrets', async () => {
    const { service, repo, accountId } = setup();
    const secrets = { accountSid: 'AC0123456789abcdef', authToken: 'tok-secret-1' };
    const stored = await service.encryptSecrets(accountId, 'twilio', secrets);
    expect(Object.keys(stored).sort()).toEqual(['accountSid', 'authToken']);
    for (const value of Object.values(stored)) expect(value).toMatch(/^pxf1\./);
    expect(JSON.stringify(stored)).not.toContain('tok-secret-1');
    const row = repo.rows.get(accountId);
    expect(row?.kekId).toBe('k2');
    expect(kekIdOf(row?.wrappedKey ?? '')).toBe('k2');
    // Survives JSON storage, and a fresh service (empty cache) reads it back from the row.
    const fresh = new TenantCryptoService(keyring, repo as unknown as TenantKeyRepository);
    expect(await fresh.decryptSecrets(accountId, 'twilio', JSON.parse(JSON.stringify(stored)))).toEqual(secrets);
  });

  it('keeps one key per tenant: a second save reuses it', async () => {
    const { service, repo, accountId } = setup();
    await service.encryptSecrets(accountId, 'calcom', { apiKey: 'a' });
    const first = repo.rows.get(accountId)?.wrappedKey;
    await new TenantCryptoService(keyring, repo as unknown as TenantKeyRepository).encryptSecrets(accountId, 'calcom', { apiKey: 'b' });
    expect(repo.rows.get(accountId)?.wrappedKey).toBe(first);
  });

  it('uses the stored key when a concurrent first use won the insert', async () => {
    const { service, repo, accountId } = setup();
    // Another replica's key lands between our existence check and our insert.
    const rivalDek = generateDataKey();
    repo.beforeInsert = (id) => {
      repo.rows.set(id, { accountId: id, wrappedKey: wrapDataKey(keyring, id, rivalDek), kekId: keyring.current.id });
    };
    const ours = await service.encryptSecrets(accountId, 'elevenlabs', { apiKey: 'ours' });
    expect(repo.rows.size).toBe(1);
    expect(decryptField(rivalDek, { accountId, provider: 'elevenlabs', field: 'apiKey' }, ours.apiKey ?? '')).toBe('ours');
  });

  it('binds ciphertexts to account, provider and field', async () => {
    const { service, repo, accountId } = setup();
    const other = randomUUID();
    repo.accounts.add(other);
    const stored = await service.encryptSecrets(accountId, 'highlevel', { apiKey: 'pit-123' });
    await service.encryptSecrets(other, 'highlevel', { apiKey: 'x' });
    await expect(service.decryptSecrets(other, 'highlevel', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    await expect(service.decryptSecrets(accountId, 'calcom', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    await expect(service.decryptSecrets(accountId, 'highlevel', { token: stored.apiKey })).rejects.toBeInstanceOf(
      CredentialUnreadableError,
    );
  });

  it.each([null, 'pxf1.a.b.c', ['pxf1.a.b.c'], 42, { apiKey: 7 }, { apiKey: null }, { '': 'x' }, { __proto__field: 'x' }])(
    'rejects a stored value of the wrong shape (%j)',
    async (stored) => {
      const { service, accountId } = setup();
      await service.encryptSecrets(accountId, 'calcom', { apiKey: 'k' });
      await expect(service.decryptSecrets(accountId, 'calcom', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    },
  );

  it('rejects a JSON "__proto__" field name', async () => {
    const { service, accountId } = setup();
    const stored = await service.encryptSecrets(accountId, 'calcom', { apiKey: 'k' });
    const poisoned: unknown = JSON.parse(`{"__proto__": ${JSON.stringify(stored.apiKey)}}`);
    await expect(service.decryptSecrets(accountId, 'calcom', poisoned)).rejects.toBeInstanceOf(CredentialUnreadableError);
  });

  it('a missing tenant key is unreadable, not a crash and not a new key', async () => {
    const { service, repo, accountId } = setup();
    const stored = await new TenantCryptoService(keyring, repo as unknown as TenantKeyRepository).encryptSecrets(accountId, 'calcom', {
      apiKey: 'k',
    });
    repo.rows.clear();
    await expect(service.decryptSecrets(accountId, 'calcom', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    expect(repo.rows.size).toBe(0);
  });

  it('destroying the key makes existing ciphertexts unreadable at once on this replica', async () => {
    const { service, repo, accountId } = setup();
    const stored = await service.encryptSecrets(accountId, 'twilio', { authToken: 't' });
    expect(await service.decryptSecrets(accountId, 'twilio', stored)).toEqual({ authToken: 't' });
    expect(await service.destroyTenantKey(accountId)).toBe(true);
    expect(repo.rows.has(accountId)).toBe(false);
    await expect(service.decryptSecrets(accountId, 'twilio', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    // A later save makes a new key; the old ciphertexts stay unreadable.
    await service.encryptSecrets(accountId, 'twilio', { authToken: 'new' });
    await expect(service.decryptSecrets(accountId, 'twilio', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    expect(await service.destroyTenantKey(randomUUID())).toBe(false);
  });

  it('caches the data key for a short while, then reads the row again', async () => {
    vi.useFakeTimers();
    const { service, repo, accountId } = setup();
    const stored = await service.encryptSecrets(accountId, 'calcom', { apiKey: 'k' });
    const readsAfterSave = repo.reads;
    await service.decryptSecrets(accountId, 'calcom', stored);
    await service.decryptSecrets(accountId, 'calcom', stored);
    expect(repo.reads).toBe(readsAfterSave);
    vi.advanceTimersByTime(DATA_KEY_CACHE_TTL_MS + 1);
    await service.decryptSecrets(accountId, 'calcom', stored);
    expect(repo.reads).toBe(readsAfterSave + 1);
    // Another replica shredded the key: once the TTL passes, this one stops decrypting too.
    repo.rows.delete(accountId);
    vi.advanceTimersByTime(DATA_KEY_CACHE_TTL_MS + 1);
    await expect(service.decryptSecrets(accountId, 'calcom', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
  });

  it('an unknown account cannot get a key', async () => {
    const { service } = setup();
    await expect(service.encryptSecrets(randomUUID(), 'calcom', { apiKey: 'k' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fingerprints are stable per tenant and differ across tenants', async () => {
    const { service, repo, accountId } = setup();
    const other = randomUUID();
    repo.accounts.add(other);
    const a = await service.fingerprint(accountId, 'twilio', 'authToken', 'same');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await service.fingerprint(accountId, 'twilio', 'authToken', 'same')).toBe(a);
    expect(await service.fingerprint(accountId, 'twilio', 'authToken', 'other')).not.toBe(a);
    expect(await service.fingerprint(other, 'twilio', 'authToken', 'same')).not.toBe(a);
  });

  it('wraps new keys under the current KEK and still reads keys under a previous one', async () => {
    const { repo, accountId } = setup();
    const oldRing = Keyring.of({ id: 'k1', key: keyring.get('k1')?.key ?? Buffer.alloc(0) });
    const stored = await new TenantCryptoService(oldRing, repo as unknown as TenantKeyRepository).encryptSecrets(accountId, 'calcom', {
      apiKey: 'k',
    });
    expect(repo.rows.get(accountId)?.kekId).toBe('k1');
    const service = new TenantCryptoService(keyring, repo as unknown as TenantKeyRepository);
    expect(await service.decryptSecrets(accountId, 'calcom', stored)).toEqual({ apiKey: 'k' });
    expect(unwrapDataKey(keyring, accountId, repo.rows.get(accountId)?.wrappedKey ?? '').length).toBe(32);
  });
});
