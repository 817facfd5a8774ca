import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PasswordService } from '../auth/password.service.js';
import { ConfigModule } from '../config/config.module.js';
import { EnvError, loadEnv } from '../config/env.js';
import { DbModule } from '../db/db.module.js';
import { SeedRepository } from '../seed/seed.repository.js';
import { DEMO_ACCOUNT, SeedService } from '../seed/seed.service.js';

async function main(): Promise<void> {
  const env = loadEnv();

  @Module({ imports: [ConfigModule.forRoot(env), DbModule], providers: [SeedRepository, SeedService, PasswordService] })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const { created, ownerEmail } = await app.get(SeedService).seedDemo();
    // The password itself is never printed here: it is in .env (DEMO_OWNER_PASSWORD).
    process.stdout.write(`${created ? 'Seeded' : 'Found'} demo tenant "${DEMO_ACCOUNT.name}" (slug ${DEMO_ACCOUNT.slug}) with owner ${ownerEmail}\n`);
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof EnvError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
