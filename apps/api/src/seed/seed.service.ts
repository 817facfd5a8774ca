import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { PasswordService } from '../auth/password.service.js';
import { SeedRepository } from './seed.repository.js';

export const DEMO_ACCOUNT = { name: 'Demo Co', slug: 'demo' } as const;

@Injectable()
export class SeedService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: SeedRepository,
    private readonly passwords: PasswordService,
  ) {}

  /** The demo tenant for local development. The operator needs no row: it lives in .env. */
  async seedDemo(): Promise<{ created: boolean; ownerEmail: string }> {
    const password = this.env.DEMO_OWNER_PASSWORD;
    if (!password) throw new Error('DEMO_OWNER_PASSWORD is not set; run `pnpm setup-env` or add it to .env');
    const ownerEmail = this.env.DEMO_OWNER_EMAIL;
    const { created } = await this.repo.ensureAccountWithOwner(
      { ...DEMO_ACCOUNT, email: ownerEmail },
      { email: ownerEmail, name: 'Demo Owner', passwordHash: await this.passwords.hash(password) },
    );
    return { created, ownerEmail };
  }
}
