import { z } from 'zod';

export const providerSchema = z.enum(['twilio', 'highlevel', 'elevenlabs', 'calcom']);
export type Provider = z.infer<typeof providerSchema>;

const apiKey = (label: string) =>
  z
    .string()
    .trim()
    .min(8, { message: `${label} looks too short` })
    .max(512, { message: `${label} is too long` })
    .regex(/^[\x21-\x7e]+$/, { message: `${label} must not contain spaces or control characters` });

/**
 * Per-provider credential bodies. `secrets` are encrypted and never returned;
 * `config` is stored in the clear and returned.
 */
export const credentialInputSchemas = {
  twilio: z.object({
    secrets: z.object({
      accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, { message: 'must be "AC" followed by 32 hex characters' }),
      authToken: z.string().trim().regex(/^[0-9a-fA-F]{32}$/, { message: 'must be 32 hex characters' }),
    }),
    config: z.object({}).strict().default({}),
  }),
  highlevel: z.object({
    secrets: z.object({ apiKey: apiKey('apiKey') }),
    config: z.object({ locationId: z.string().trim().min(1, { message: 'is required' }).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, "_" or "-"' }) }),
  }),
  elevenlabs: z.object({
    secrets: z.object({ apiKey: apiKey('apiKey') }),
    config: z.object({ agentId: z.string().trim().min(1, { message: 'is required' }).max(128).regex(/^[A-Za-z0-9_-]+$/, { message: 'must be letters, digits, "_" or "-"' }) }),
  }),
  calcom: z.object({
    secrets: z.object({ apiKey: apiKey('apiKey') }),
    config: z.object({}).strict().default({}),
  }),
} as const satisfies Record<Provider, z.ZodType>;

export type CredentialInput<P extends Provider> = z.infer<(typeof credentialInputSchemas)[P]>;

/** Which secret field's last four characters the dashboard may show. */
export const hintFieldByProvider: Record<Provider, string> = {
  twilio: 'authToken',
  highlevel: 'apiKey',
  elevenlabs: 'apiKey',
  calcom: 'apiKey',
};

/**
 * Secret fields whose value identifies the provider account rather than unlocks
 * it (the Twilio Account SID): stored encrypted with the other secrets, since
 * calls use them, and also copied into the plain config, so the dashboard can
 * say which account is connected. Never a token or a key.
 */
export const identifierFieldsByProvider: Record<Provider, readonly string[]> = {
  twilio: ['accountSid'],
  highlevel: [],
  elevenlabs: [],
  calcom: [],
};

export const integrationStatusSchema = z.enum(['not_configured', 'unverified', 'connected', 'invalid', 'error', 'unreadable']);
export type IntegrationStatus = z.infer<typeof integrationStatusSchema>;

export const integrationSchema = z.object({
  provider: providerSchema,
  configured: z.boolean(),
  status: integrationStatusSchema,
  lastVerifiedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Last four characters of the main secret, e.g. "…a1b2". */
  hint: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  updatedAt: z.string().nullable(),
});
export type Integration = z.infer<typeof integrationSchema>;

export const integrationListSchema = z.object({ items: z.array(integrationSchema) });

export const providerParamSchema = z.object({
  provider: z.string().refine((v): v is Provider => providerSchema.safeParse(v).success, {
    message: 'must be one of twilio, highlevel, elevenlabs, calcom',
  }),
});
