import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsRepository } from './integrations.repository.js';
import { IntegrationsService } from './integrations.service.js';

@Module({
  imports: [CryptoModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsRepository, IntegrationsService],
})
export class IntegrationsModule {}
