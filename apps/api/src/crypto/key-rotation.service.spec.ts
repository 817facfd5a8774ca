import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, generateDataKey, kekIdOf, unwrapDataKey, wrapDataKey } from './envelope.js';
import { KeyRotationService, type RotationProgress } from './key-rotation.service.js';
import { Keyring } from './keyring.js';
import type { TenantKeyRecord, TenantKeyRepository } from './tenant-key.repository.js';

/** The rotation half of the repository contract in memory; the DB version has its own e2e test. */
class MemoryTenantKeys {
  readonly rows = new Map<string, TenantKeyRecord>();
  /** Called before each compare-and-set, to stage concurrent writers. */
  beforeUpdate: ((accountId: string) => void) | undefined;

  findBatchNotUsingKek(currentKekId: string, afterAccountId: string | null, limit: number): Promise<TenantKeyRecord[]> {
    return Promise.resolve([...this.rows.values()]
      .filter((r) => r.kekId !== currentKekId && (afterAccountId === null || r.accountId > afterAccountId))
      .sort((a, b) => (a.accountId < b.accountId ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r })));
  }

  updateWrapped(accountId: string, expectedOldWrapped: string, newWrapped: string, newKekId: string): Promise<boolean> {
    this.beforeUpdate?.(accountId);
    const row = this.rows.get(accountId);
    if (!row || row.wrappedKey !== expectedOldWrapped) return Promise.resolve(false);
    this.rows.set(accountId, { accountId, wrappedKey: newWrapped, kekId: newKekId });
    return Promise.resolve(true);
  }

  countByKekId(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const row of this.rows.values()) counts[row.kekId] = (counts[row.kekId] ?? 0) + 1;
    return Promise.resolve(counts);
  }
}

const k0 = { id: 'k0', key: randomBytes(32) };
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const oldRing = Keyring.of(k1);
const ring = Keyring.of(k2, [k1]);

interface Tenant {
  accountId: string;
  dek: Buffer;
  ciphertext: string;
}

function seed(repo: MemoryTenantKeys, count: number, under: Keyring): Tenant[] {
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const accountId = randomUUID();
    const dek = generateDataKey();
    repo.rows.set(accountId, { accountId, wrappedKey: wrapDataKey(under, accountId, dek), kekId: under.current.id });
    tenants.push({ accountId, dek, ciphertext: encryptField(dek, { accountId, provider: 'twilio', field: 'authToken' }, `secret-${i}`) });
  }
  return tenants;
}

function service(repo: MemoryTenantKeys, keyring = ring): KeyRotationService {
  return new KeyRotationService(keyring, repo as unknown as TenantKeyRepository);
}

describe('KeyRotationService', () => {
  it('rewraps every key under the current KEK, in batches, without changing any data key', async () => {
    const repo = new MemoryTenantKeys();
    const tenants = seed(repo, 23, oldRing);
    seed(repo, 4, ring); // already current
    const progress: RotationProgress[] = [];
    const result = await service(repo).rotate({ batchSize: 5, onProgress: (p) => progress.push({ ...p }) });

    expect(result).toEqual({ rewrapped: 23, skipped: 0, remainingByKekId: { k1: 0 } });
    expect(progress.at(-1)).toEqual({ rewrapped: 23, skipped: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(5);
    for (const t of tenants) {
      const row = repo.rows.get(t.accountId);
      expect(row?.kekId).toBe('k2');
      expect(kekIdOf(row?.wrappedKey ?? '')).toBe('k2');
      // The same DEK, now readable without the old KEK, and old field ciphertexts still open.
      const dek = unwrapDataKey(Keyring.of(k2), t.accountId, row?.wrappedKey ?? '');
      expect(dek.equals(t.dek)).toBe(true);
      expect(decryptField(dek, { accountId: t.accountId, provider: 'twilio', field: 'authToken' }, t.ciphertext)).toMatch(/^secret-/);
    }
  });

  it('is a no-op when everything is current, and resumable when run again', async () => {
    const repo = new MemoryTenantKeys();
    seed(repo, 3, ring);
    expect(await service(repo).rotate()).toEqual({ rewrapped: 0, skipped: 0, remainingByKekId: { k1: 0 } });
    seed(repo, 3, oldRing);
    expect((await service(repo).rotate()).rewrapped).toBe(3);
    expect((await service(repo).rotate()).rewrapped).toBe(0);
  });

  it('reports keys under an unknown KEK id as remaining instead of throwing', async () => {
    const repo = new MemoryTenantKeys();
    seed(repo, 2, Keyring.of(k0));
    seed(repo, 3, oldRing);
    const result = await service(repo).rotate({ batchSize: 2 });
    expect(result).toEqual({ rewrapped: 3, skipped: 2, remainingByKekId: { k0: 2, k1: 0 } });
  });

  it('skips a key that does not unwrap (tampered or bound to another account) and counts it', async () => {
    const repo = new MemoryTenantKeys();
    const [victim] = seed(repo, 3, oldRing);
    const foreign = randomUUID();
    repo.rows.set(foreign, { accountId: foreign, wrappedKey: repo.rows.get(victim?.accountId ?? '')?.wrappedKey ?? '', kekId: 'k1' });
    const result = await service(repo).rotate();
    expect(result).toEqual({ rewrapped: 3, skipped: 1, remainingByKekId: { k1: 1 } });
  });

  it('never overwrites a key that changed under it, and picks up keys created meanwhile', async () => {
    const repo = new MemoryTenantKeys();
    const tenants = seed(repo, 10, oldRing);
    const destroyed = tenants[2]?.accountId ?? '';
    const replaced = tenants[5]?.accountId ?? '';
    const replacementDek = generateDataKey();
    let lateTenants: Tenant[] = [];
    const replacedOnce = new Set<string>();
    repo.beforeUpdate = (accountId) => {
      if (accountId === destroyed) repo.rows.delete(accountId);
      if (accountId === replaced && !replacedOnce.has(accountId)) {
        replacedOnce.add(accountId);
        // e.g. destroyed and recreated by an old replica still wrapping under k1
        repo.rows.set(accountId, { accountId, wrappedKey: wrapDataKey(oldRing, accountId, replacementDek), kekId: 'k1' });
      }
      if (accountId === tenants[9]?.accountId && lateTenants.length === 0) {
        lateTenants = seed(repo, 4, oldRing); // random ids: some land behind the cursor
      }
    };
    const result = await service(repo).rotate({ batchSize: 3 });

    expect(repo.rows.has(destroyed)).toBe(false);
    expect(result.remainingByKekId).toEqual({ k1: 0 });
    expect(result.rewrapped).toBe(8 + 1 + 4); // 9 originals minus the conflict, its retry, the late ones
    const replacedRow = repo.rows.get(replaced);
    expect(replacedRow?.kekId).toBe('k2');
    expect(unwrapDataKey(ring, replaced, replacedRow?.wrappedKey ?? '').equals(replacementDek)).toBe(true);
    for (const t of lateTenants) expect(unwrapDataKey(ring, t.accountId, repo.rows.get(t.accountId)?.wrappedKey ?? '').equals(t.dek)).toBe(true);
  });

  it('rejects a nonsensical batch size', async () => {
    const repo = new MemoryTenantKeys();
    await expect(service(repo).rotate({ batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(service(repo).rotate({ batchSize: 1.5 })).rejects.toThrow(RangeError);
  });

  it('remainingByKekId lists every previous id and any unknown id, never the current one', async () => {
    const repo = new MemoryTenantKeys();
    seed(repo, 2, ring);
    seed(repo, 1, Keyring.of(k0));
    expect(await service(repo).remainingByKekId()).toEqual({ k1: 0, k0: 1 });
  });
});
