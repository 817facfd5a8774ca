import { integrationStatusSchema, providerSchema, type Integration } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { configuredCount, integrationStatusTone, providerNames } from './integration-view';

describe('integration view', () => {
  it('has a name for every provider and a tone for every status of the contract', () => {
    for (const provider of providerSchema.options) expect(providerNames[provider]).toBeTruthy();
    for (const status of integrationStatusSchema.options) expect(integrationStatusTone[status]).toBeTruthy();
  });

  it('shows trouble as trouble', () => {
    expect(integrationStatusTone.connected).toBe('ok');
    for (const status of ['invalid', 'error', 'unreadable'] as const) expect(integrationStatusTone[status]).toBe('bad');
  });

  it('counts saved credentials', () => {
    const item = (configured: boolean): Integration => ({
      provider: 'calcom',
      configured,
      status: configured ? 'unverified' : 'not_configured',
      lastVerifiedAt: null,
      lastError: null,
      hint: null,
      config: {},
      updatedAt: null,
    });
    expect(configuredCount([item(true), item(false), item(true)])).toBe(2);
    expect(configuredCount([])).toBe(0);
  });
});
