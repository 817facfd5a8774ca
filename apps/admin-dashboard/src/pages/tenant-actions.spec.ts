import { accountStatusSchema } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { closeConfirmationMatches, tenantActions } from './tenant-actions';

describe('tenantActions', () => {
  it('follows the API transitions for each status', () => {
    expect(tenantActions({ status: 'active', closedAt: null, hasOwner: true })).toEqual(['suspend', 'cancel', 'close']);
    expect(tenantActions({ status: 'suspended', closedAt: null, hasOwner: true })).toEqual(['reactivate', 'cancel', 'close']);
    expect(tenantActions({ status: 'cancelled', closedAt: null, hasOwner: true })).toEqual(['reactivate', 'close']);
  });

  it('offers nothing for an account closed for good', () => {
    expect(tenantActions({ status: 'cancelled', closedAt: '2026-11-23T05:32:56.274Z', hasOwner: true })).toEqual([]);
    expect(tenantActions({ status: 'cancelled', closedAt: '2026-11-23T05:32:56.274Z', hasOwner: false })).toEqual([]);
  });

  it('offers a new owner invite only while no owner has signed up, whatever the status', () => {
    for (const status of accountStatusSchema.options) {
      expect(tenantActions({ status, closedAt: null, hasOwner: false })).toEqual(expect.arrayContaining(['reissueInvite', 'close']));
      expect(tenantActions({ status, closedAt: null, hasOwner: true })).not.toContain('reissueInvite');
      expect(tenantActions({ status, closedAt: null, hasOwner: true })).toContain('close');
    }
    expect(tenantActions({ status: 'active', closedAt: null, hasOwner: false })).toEqual(['suspend', 'cancel', 'reissueInvite', 'close']);
  });
});

describe('closeConfirmationMatches', () => {
  it('wants the identifier exactly, forgiving only surrounding spaces', () => {
    expect(closeConfirmationMatches('acme-voice', 'acme-voice')).toBe(true);
    expect(closeConfirmationMatches(' acme-voice ', 'acme-voice')).toBe(true);
    expect(closeConfirmationMatches('Acme-Voice', 'acme-voice')).toBe(false);
    expect(closeConfirmationMatches('acme', 'acme-voice')).toBe(false);
    expect(closeConfirmationMatches('', 'acme-voice')).toBe(false);
  });
});
