import { describe, expect, it } from 'vitest';
import { credentialInputSchemas, hintFieldByProvider, identifierFieldsByProvider, providerParamSchema, providerSchema } from './integrations.js';

describe('credential input schemas', () => {
  it('cover every provider and name a hint field that is a secret', () => {
    for (const provider of providerSchema.options) {
      const shape = credentialInputSchemas[provider].shape.secrets.shape as Record<string, unknown>;
      expect(Object.keys(shape)).toContain(hintFieldByProvider[provider]);
    }
  });

  it('show only identifiers that are secret fields of their provider, never the hinted key', () => {
    for (const provider of providerSchema.options) {
      const shape = credentialInputSchemas[provider].shape.secrets.shape as Record<string, unknown>;
      for (const field of identifierFieldsByProvider[provider]) {
        expect(Object.keys(shape)).toContain(field);
        expect(field).not.toBe(hintFieldByProvider[provider]);
      }
    }
    expect(identifierFieldsByProvider.twilio).toEqual(['accountSid']);
  });

  it('accept a well-formed Twilio pair and name each bad field', () => {
    const sid = `AC${'a'.repeat(32)}`;
    expect(credentialInputSchemas.twilio.safeParse({ secrets: { accountSid: sid, authToken: 'b'.repeat(32) } }).success).toBe(true);
    const bad = credentialInputSchemas.twilio.safeParse({ secrets: { accountSid: 'AB12', authToken: 'zz' }, config: {} });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['secrets.accountSid', 'secrets.authToken']);
  });

  it('refuse unknown Twilio config and keys with spaces', () => {
    const sid = `AC${'a'.repeat(32)}`;
    expect(credentialInputSchemas.twilio.safeParse({ secrets: { accountSid: sid, authToken: 'b'.repeat(32) }, config: { extra: 1 } }).success).toBe(false);
    expect(credentialInputSchemas.calcom.safeParse({ secrets: { apiKey: 'has a space in it' } }).success).toBe(false);
    expect(credentialInputSchemas.highlevel.safeParse({ secrets: { apiKey: 'pit-1234567890' }, config: { locationId: 'loc_1' } }).success).toBe(true);
  });

  it('validate the provider path parameter', () => {
    expect(providerParamSchema.safeParse({ provider: 'calcom' }).success).toBe(true);
    expect(providerParamSchema.safeParse({ provider: 'stripe' }).success).toBe(false);
  });
});
