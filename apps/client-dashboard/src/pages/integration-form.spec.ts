import { credentialInputSchemas, providerSchema } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { canWriteIntegrations, credentialApiField, credentialBody, credentialFields, credentialFormSchema, initialValues } from './integration-form';

const hex32 = '0123456789abcdef0123456789abcdef';

describe('integration form', () => {
  it('asks each provider for exactly the fields of its contract, secrets as secrets', () => {
    expect(credentialFields('twilio')).toEqual([
      // The Account SID is a secret field of the contract that only names the account: shown back.
      { name: 'accountSid', secret: true, shown: true },
      { name: 'authToken', secret: true, shown: false },
    ]);
    expect(credentialFields('highlevel')).toEqual([
      { name: 'apiKey', secret: true, shown: false },
      { name: 'locationId', secret: false, shown: true },
    ]);
    expect(credentialFields('elevenlabs')).toEqual([
      { name: 'apiKey', secret: true, shown: false },
      { name: 'agentId', secret: false, shown: true },
    ]);
    expect(credentialFields('calcom')).toEqual([{ name: 'apiKey', secret: true, shown: false }]);
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
    expect(initialValues('twilio', { accountSid: 'AC1' })).toEqual({ accountSid: 'AC1', authToken: '' });
  });

  it('builds the { secrets, config } body the API expects', () => {
    expect(credentialBody('elevenlabs', { apiKey: 'k', agentId: 'a' })).toEqual({ secrets: { apiKey: 'k' }, config: { agentId: 'a' } });
    expect(credentialBody('twilio', { accountSid: 's', authToken: 't' })).toEqual({ secrets: { accountSid: 's', authToken: 't' }, config: {} });
  });

  it('checks each field with exactly the contract\'s rule', () => {
    expect(credentialFormSchema('calcom').parse({ apiKey: ' cal_live_0123456789 ' })).toEqual({ apiKey: 'cal_live_0123456789' });
    expect(credentialFormSchema('twilio').safeParse({ accountSid: `AC${hex32}`, authToken: hex32 }).success).toBe(true);
    const twilio = credentialFormSchema('twilio').safeParse({ accountSid: 'AC12', authToken: '' });
    expect(twilio.success ? [] : twilio.error.issues.map((issue) => issue.path.join('.'))).toEqual(['accountSid', 'authToken']);
    const highlevel = credentialFormSchema('highlevel').safeParse({ apiKey: 'short', locationId: 'has space' });
    expect(highlevel.success ? [] : highlevel.error.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['apiKey', 'too_small'],
      ['locationId', 'invalid_format'],
    ]);
    // What the form accepts, the full contract accepts once the body is rebuilt.
    const values = credentialFormSchema('elevenlabs').parse({ apiKey: 'xi_0123456789', agentId: 'agent_1' });
    expect(credentialInputSchemas.elevenlabs.safeParse(credentialBody('elevenlabs', values)).success).toBe(true);
  });

  it('puts the API\'s dotted-path field errors on the form\'s fields', () => {
    expect(credentialApiField('secrets.apiKey')).toBe('apiKey');
    expect(credentialApiField('config.agentId')).toBe('agentId');
    expect(credentialApiField('name')).toBe('name');
  });

  it('lets owners and administrators write, as the API does', () => {
    expect(canWriteIntegrations('owner')).toBe(true);
    expect(canWriteIntegrations('admin')).toBe(true);
    expect(canWriteIntegrations('member')).toBe(false);
  });
});
