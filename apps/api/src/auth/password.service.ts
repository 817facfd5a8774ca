import { Inject, Injectable } from '@nestjs/common';
import { hash, verify, type Options } from '@node-rs/argon2';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';

/** argon2id with OWASP's recommended minimum (19 MiB, t=2, p=1) unless env raises it. */
@Injectable()
export class PasswordService {
  private readonly options: Options;
  // A real hash to verify against when the email is unknown, so both paths cost the same.
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(ENV) env: Env) {
    // 2 is Algorithm.Argon2id, a const enum that isolated modules cannot read.
    this.options = { algorithm: 2, memoryCost: env.ARGON2_MEMORY_KIB, timeCost: env.ARGON2_TIME_COST, parallelism: 1 };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verification and always fails. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('prixagent-timing-equaliser');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
