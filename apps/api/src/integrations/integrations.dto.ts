import type { ApiBody } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { credentialInputSchemas, integrationListSchema, integrationSchema, providerParamSchema, type Integration, type Provider } from '@prixagent/contracts';
import type { CredentialRow } from './integrations.repository.js';

export class IntegrationDto extends createZodDto(integrationSchema) {}
export class IntegrationListDto extends createZodDto(integrationListSchema) {}
export class ProviderParamDto extends createZodDto(providerParamSchema) {}
type OpenApiSchema = NonNullable<Extract<Parameters<typeof ApiBody>[0], { schema?: unknown }>['schema']>;

/** Documentation only: the service validates the body against the schema of the provider in the path. */
export const credentialInputOpenApiSchema = z.toJSONSchema(
  z.union([credentialInputSchemas.twilio, credentialInputSchemas.highlevel, credentialInputSchemas.elevenlabs, credentialInputSchemas.calcom]),
  { io: 'input', target: 'openapi-3.0' },
) as unknown as OpenApiSchema;

export function notConfigured(provider: Provider): Integration {
  return { provider, configured: false, status: 'not_configured', lastVerifiedAt: null, lastError: null, hint: null, config: {}, updatedAt: null };
}

/** The only shape a credential leaves the API in: no secret, only a hint. */
export function toIntegration(row: CredentialRow, readable: boolean): Integration {
  const config = row.config && typeof row.config === 'object' && !Array.isArray(row.config) ? (row.config as Record<string, unknown>) : {};
  return {
    provider: row.provider,
    configured: true,
    status: readable ? row.status : 'unreadable',
    lastVerifiedAt: row.lastVerifiedAt?.toISOString() ?? null,
    lastError: readable ? row.lastError : 'The stored credential cannot be decrypted; save it again',
    hint: row.hint ? `…${row.hint}` : null,
    config,
    updatedAt: row.updatedAt.toISOString(),
  };
}
