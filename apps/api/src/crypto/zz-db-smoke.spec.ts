import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Env } from '../config/env.schema.js';
import { PrismaService } from '../db/prisma.service.js';
import { CredentialUnreadableError, NotFoundError } from '../common/errors/domain-error.js';
import { KeyRotationService } from './key-rotation.service.js';
import { Keyring } from './keyring.js';
import { TenantCryptoService } from './tenant-crypto.service.js';
import { TenantKeyRepository } from './tenant-key.repository.js';

const prisma = new PrismaService({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:55437/crypto_smoke', DATABASE_POOL_MAX: 20 } as Env);
const repo = new TenantKeyRepository(prisma);
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const oldRing = Keyring.of(k1);
const ring = Keyring.of(k2, [k1]);

async function account(): Promise<string> {
  const id = randomUUID();
  await prisma.$executeRawUnsafe(`insert into "Account"(id,name,slug,email,"updatedAt") values ($1::uuid,'a',$2,'a@b.c',now())`, id, `s-${id}`);
  return id;
}

afterAll(async () => { await prisma.$disconnect(); });

describe('db smoke', () => {
  it('concurrent first use ends with one key', async () => {
    const id = await account();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      new TenantCryptoService(oldRing, repo).encryptSecrets(id, 'calcom', { apiKey: `v${i}` })));
    const reader = new TenantCryptoService(ring, repo);
    for (const [i, r] of results.entries()) expect(await reader.decryptSecrets(id, 'calcom', r)).toEqual({ apiKey: `v${i}` });
    expect(await prisma.tenantKey.count({ where: { accountId: id } })).toBe(1);
  });

  it('unknown account -> NotFoundError; missing key -> unreadable', async () => {
    await expect(new TenantCryptoService(ring, repo).encryptSecrets(randomUUID(), 'calcom', { apiKey: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const id = await account();
    const s = await new TenantCryptoService(ring, repo).encryptSecrets(id, 'calcom', { apiKey: 'x' });
    expect(await new TenantCryptoService(ring, repo).destroyTenantKey(id)).toBe(true);
    await expect(new TenantCryptoService(ring, repo).decryptSecrets(id, 'calcom', s)).rejects.toBeInstanceOf(CredentialUnreadableError);
  });

  it('rotation under concurrent load', async () => {
    const seeded: { id: string; stored: Record<string, string> }[] = [];
    for (let i = 0; i < 120; i++) {
      const id = await account();
      seeded.push({ id, stored: await new TenantCryptoService(oldRing, repo).encryptSecrets(id, 'twilio', { authToken: `t${i}` }) });
    }
    const before = await repo.countByKekId();
    expect(before.k1).toBeGreaterThanOrEqual(120);
    let stop = false;
    const late: { id: string; stored: Record<string, string> }[] = [];
    const load = (async () => {
      let n = 0;
      while (!stop) {
        const s = seeded[n % seeded.length]!;
        expect(await new TenantCryptoService(ring, repo).decryptSecrets(s.id, 'twilio', s.stored)).toEqual({ authToken: `t${n % seeded.length}` });
        if (n % 5 === 0 && late.length < 30) {
          const id = await account();
          late.push({ id, stored: await new TenantCryptoService(oldRing, repo).encryptSecrets(id, 'twilio', { authToken: 'late' }) });
        }
        n++;
      }
    })();
    const rotation = new KeyRotationService(ring, repo);
    const result = await rotation.rotate({ batchSize: 7 });
    stop = true;
    await load;
    // late keys made after the final pass may remain; a second run clears them
    const second = await rotation.rotate({ batchSize: 7 });
    console.log(JSON.stringify({ before, result, second, late: late.length }));
    expect(second.remainingByKekId).toEqual({ k1: 0 });
    const newOnly = Keyring.of(k2);
    for (const s of [...seeded, ...late]) expect(Object.keys(await new TenantCryptoService(newOnly, repo).decryptSecrets(s.id, 'twilio', s.stored))).toEqual(['authToken']);
  }, 60_000);
});
