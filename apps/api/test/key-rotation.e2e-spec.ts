import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialUnreadableError, NotFoundError } from '../src/common/errors/domain-error.js';
import { ConfigModule } from '../src/config/config.module.js';
import type { Env } from '../src/config/env.schema.js';
import { CryptoModule } from '../src/crypto/crypto.module.js';
import { KeyRotationService } from '../src/crypto/key-rotation.service.js';
import { TenantCryptoService } from '../src/crypto/tenant-crypto.service.js';
import { DbModule } from '../src/db/db.module.js';
import { randomHex, testEnv } from './support/test-app.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

/**
 * Key rotation against real PostgreSQL: each "replica" is its own Nest context with its own
 * keyring and connection pool, so the compare-and-set and the race-safe key creation meet
 * real concurrent transactions.
 */
const K1 = randomHex(32);
const K2 = randomHex(32);

let db: TestDatabase;
const contexts: INestApplicationContext[] = [];

async function replica(keys: Partial<Record<'ENCRYPTION_KEY' | 'ENCRYPTION_KEY_ID' | 'ENCRYPTION_KEYS_PREVIOUS', string>>): Promise<INestApplicationContext> {
  const env: Env = testEnv(db.url, keys);
  @Module({ imports: [ConfigModule.forRoot(env), DbModule, CryptoModule] })
  class ReplicaModule {}
  const ctx = await NestFactory.createApplicationContext(ReplicaModule, { logger: ['error'] });
  contexts.push(ctx);
  return ctx;
}

const oldReplica = (): Promise<INestApplicationContext> => replica({ ENCRYPTION_KEY: K1, ENCRYPTION_KEY_ID: 'k1' });
const newReplica = (): Promise<INestApplicationContext> =>
  replica({ ENCRYPTION_KEY: K2, ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_KEYS_PREVIOUS: `k1:${K1}` });

async function createAccount(): Promise<string> {
  const id = randomUUID();
  await query(db.url, `INSERT INTO "Account" (id, name, slug, email, "updatedAt") VALUES ($1, 'T', $2, 't@example.test', now())`, [id, `t-${id}`]);
  return id;
}

async function keysByKekId(): Promise<Record<string, number>> {
  const rows = await query<{ kekId: string; n: string }>(db.url, `SELECT "kekId", count(*)::text AS n FROM "TenantKey" GROUP BY 1`);
  return Object.fromEntries(rows.map((r) => [r.kekId, Number(r.n)]));
}

beforeAll(async () => {
  db = await createTestDatabase('rot');
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await db.drop();
});

describe('tenant keys on PostgreSQL', () => {
  it('concurrent first uses of one tenant end with one key that all of them used', async () => {
    const accountId = await createAccount();
    const services = await Promise.all([newReplica(), newReplica(), newReplica()]).then((c) => c.map((x) => x.get(TenantCryptoService)));
    const stored = await Promise.all(
      Array.from({ length: 24 }, (_, i) => services[i % services.length]!.encryptSecrets(accountId, 'calcom', { apiKey: `key-${i}` })),
    );
    const rows = await query<{ n: string }>(db.url, `SELECT count(*)::text AS n FROM "TenantKey" WHERE "accountId" = $1`, [accountId]);
    expect(rows[0]?.n).toBe('1');
    const reader = (await newReplica()).get(TenantCryptoService);
    for (const [i, secrets] of stored.entries()) {
      expect(await reader.decryptSecrets(accountId, 'calcom', secrets)).toEqual({ apiKey: `key-${i}` });
    }
  });

  it('an unknown account gets no key; a destroyed key makes the ciphertexts unreadable', async () => {
    const service = (await newReplica()).get(TenantCryptoService);
    await expect(service.encryptSecrets(randomUUID(), 'calcom', { apiKey: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const accountId = await createAccount();
    const stored = await service.encryptSecrets(accountId, 'twilio', { accountSid: 'AC1', authToken: 'tok' });
    expect(await service.destroyTenantKey(accountId)).toBe(true);
    await expect(service.decryptSecrets(accountId, 'twilio', stored)).rejects.toBeInstanceOf(CredentialUnreadableError);
    await expect((await newReplica()).get(TenantCryptoService).decryptSecrets(accountId, 'twilio', stored)).rejects.toBeInstanceOf(
      CredentialUnreadableError,
    );
  });

  it('rotates every key to the new KEK while replicas read and an old replica keeps creating keys', async () => {
    const old = (await oldReplica()).get(TenantCryptoService);
    const seeded: { accountId: string; stored: Record<string, string>; token: string }[] = [];
    for (let i = 0; i < 150; i++) {
      const accountId = await createAccount();
      const token = `tok-${i}`;
      seeded.push({ accountId, token, stored: await old.encryptSecrets(accountId, 'twilio', { accountSid: `AC${i}`, authToken: token }) });
    }
    expect((await keysByKekId())['k1']).toBeGreaterThanOrEqual(150);

    const fresh = await newReplica();
    const rotation = fresh.get(KeyRotationService);
    const reader = (await newReplica()).get(TenantCryptoService);
    const late: typeof seeded = [];
    let stop = false;
    let reads = 0;
    const load = (async () => {
      for (let n = 0; !stop; n++) {
        const t = seeded[n % seeded.length]!;
        expect((await reader.decryptSecrets(t.accountId, 'twilio', t.stored)).authToken).toBe(t.token);
        reads += 1;
        if (n % 4 === 0) {
          // A replica still configured with k1 as current, as during a rolling deploy.
          const accountId = await createAccount();
          late.push({ accountId, token: 'late', stored: await old.encryptSecrets(accountId, 'twilio', { accountSid: 'AC', authToken: 'late' }) });
        }
      }
    })();

    const progress: number[] = [];
    const first = await rotation.rotate({ batchSize: 7, onProgress: (p) => progress.push(p.rewrapped) });
    stop = true;
    await load;
    expect(reads).toBeGreaterThan(0);
    expect(first.rewrapped).toBeGreaterThanOrEqual(150);
    expect(first.skipped).toBe(0);
    expect(progress.length).toBeGreaterThan(150 / 7);

    // Keys an old replica created after the final pass: the next run (resuming) takes them.
    const second = await rotation.rotate({ batchSize: 7 });
    expect(second.remainingByKekId).toEqual({ k1: 0 });
    expect(await rotation.remainingByKekId()).toEqual({ k1: 0 });
    expect((await keysByKekId())['k1']).toBeUndefined();

    // The data keys did not change: every ciphertext written under k1 reads with k2 alone.
    const k2Only = (await replica({ ENCRYPTION_KEY: K2, ENCRYPTION_KEY_ID: 'k2' })).get(TenantCryptoService);
    for (const t of [...seeded, ...late]) {
      expect((await k2Only.decryptSecrets(t.accountId, 'twilio', t.stored)).authToken).toBe(t.token);
    }
  });

  it('reports keys under a KEK id missing from the keyring as remaining, without throwing', async () => {
    const forgotten = randomHex(32);
    const stray = (await replica({ ENCRYPTION_KEY: forgotten, ENCRYPTION_KEY_ID: 'k0' })).get(TenantCryptoService);
    const accountId = await createAccount();
    await stray.encryptSecrets(accountId, 'calcom', { apiKey: 'x' });
    const result = await (await newReplica()).get(KeyRotationService).rotate();
    expect(result.remainingByKekId).toEqual({ k0: 1, k1: 0 });
    expect(result.skipped).toBe(1);
  });
});
