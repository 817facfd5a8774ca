import { createZodDto } from 'nestjs-zod';
import { healthLiveResponseSchema, healthReadyResponseSchema } from '@prixagent/contracts';

export class HealthLiveDto extends createZodDto(healthLiveResponseSchema) {}
export class HealthReadyDto extends createZodDto(healthReadyResponseSchema) {}
