import { Module } from '@nestjs/common';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { KeyRotationService } from './key-rotation.service.js';
import { Keyring } from './keyring.js';
import { TenantCryptoService } from './tenant-crypto.service.js';
import { TenantKeyRepository } from './tenant-key.repository.js';

// The keyring stays private to this module: nothing outside crypto/ needs raw key bytes.
@Module({
  providers: [
    { provide: Keyring, useFactory: (env: Env) => Keyring.fromEnv(env), inject: [ENV] },
    TenantKeyRepository,
    TenantCryptoService,
    KeyRotationService,
  ],
  exports: [TenantCryptoService, KeyRotationService],
})
export class CryptoModule {}
