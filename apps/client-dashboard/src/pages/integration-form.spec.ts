import { credentialInputSchemas, providerSchema } from '@prixagent/contracts';
import { ApiError } from '@prixagent/ui';
import { describe, expect, it } from 'vitest';
import { apiCredentialErrors, canWriteIntegrations, credentialBody, credentialFields, initialValues, validateCredentials } from './integration-form';

const hex32 = '0123456789abcdef0123456789abcdef';

describe('integration form', () => {
  it('asks each provider for exactly the fields of its contract, secrets as secrets', () => {
    expect(credentialFields('twilio')).toEqual([
      { name: 'accountSid', secret: true },
      { name: 'authToken', secret: true },
    ]);
    expect(credentialFields('highlevel')).toEqual([
      { name: 'apiKey', secret: true },
      { name: 'locationId', secret: false },
    ]);
    expect(credentialFields('elevenlabs')).toEqual([
      { name: 'apiKey', secret: true },
      { name: 'agentId', secret: false },
    ]);
    expect(credentialFields('calcom')).toEqual([{ name: 'apiKey', secret: true }]);
  });

  it('drops no contract field (a field without a label would vanish from the form)', () => {
    for (const provider of providerSchema.options) {
      const { secrets, config } = credentialInputSchemas[provider].shape;
      const configShape = 'unwrap' in config ? config.unwrap().shape : config.shape;
      const contract = [...Object.keys(secrets.shape), ...Object.keys(configShape)];
      expect(credentialFields(provider).map((f) => f.name)).toEqual(contract);
    }
  });

  it('prefills config from the API but never a secret', () => {
    expect(initialValues('highlevel', { locationId: 'loc_1', apiKey: 'must-not-appear' })).toEqual({ apiKey: '', locationId: 'loc_1' });
    expect(initialValues('calcom', {})).toEqual({ apiKey: '' });
  });

  it('builds the { secrets, config } body the API expects', () => {
    expect(credentialBody('elevenlabs', { apiKey: 'k', agentId: 'a' })).toEqual({ secrets: { apiKey: 'k' }, config: { agentId: 'a' } });
    expect(credentialBody('twilio', { accountSid: 's', authToken: 't' })).toEqual({ secrets: { accountSid: 's', authToken: 't' }, config: {} });
  });

  it('validates with the shared schema and names the field at fault', () => {
    expect(validateCredentials('calcom', { apiKey: ' cal_live_0123456789 ' })).toEqual({
      ok: true,
      data: { secrets: { apiKey: 'cal_live_0123456789' }, config: {} },
    });
    expect(validateCredentials('twilio', { accountSid: `AC${hex32}`, authToken: hex32 }).ok).toBe(true);

    expect(validateCredentials('twilio', { accountSid: 'AC12', authToken: '' })).toEqual({
      ok: false,
      errors: { accountSid: { key: 'field.invalid' }, authToken: { key: 'field.required' } },
    });
    expect(validateCredentials('highlevel', { apiKey: 'short', locationId: 'has space' })).toEqual({
      ok: false,
      errors: { apiKey: { key: 'field.tooShort', params: { min: 8 } }, locationId: { key: 'field.invalid' } },
    });
    expect(validateCredentials('calcom', { apiKey: 'has a space in it' })).toEqual({ ok: false, errors: { apiKey: { key: 'field.invalid' } } });
  });

  it('puts the API\'s dotted-path field errors beside the form\'s fields', () => {
    const error = new ApiError(400, 'validation_failed', 'Invalid', [
      { field: 'secrets.apiKey', message: 'apiKey looks too short' },
      { field: 'config.agentId', message: 'is required' },
      { field: 'secrets.apiKey', message: 'second reason' },
      { field: 'secrets.unknown', message: 'ignored' },
      { message: 'no field' },
    ]);
    expect(apiCredentialErrors(error)).toEqual({ apiKey: { text: 'apiKey looks too short' }, agentId: { text: 'is required' } });
    expect(apiCredentialErrors(new Error('x'))).toEqual({});
  });

  it('lets owners and administrators write, as the API does', () => {
    expect(canWriteIntegrations('owner')).toBe(true);
    expect(canWriteIntegrations('admin')).toBe(true);
    expect(canWriteIntegrations('member')).toBe(false);
  });
});
