import { accountStatusSchema } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { closeConfirmationMatches, tenantActions } from './tenant-actions';

describe('tenantActions', () => {
  it('follows the API transitions for each status', () => {
    expect(tenantActions({ status: 'active', closedAt: null })).toEqual(['suspend', 'cancel', 'reissueInvite', 'close']);
    expect(tenantActions({ status: 'suspended', closedAt: null })).toEqual(['reactivate', 'cancel', 'reissueInvite', 'close']);
    expect(tenantActions({ status: 'cancelled', closedAt: null })).toEqual(['reactivate', 'reissueInvite', 'close']);
  });

  it('offers nothing for an account closed for good', () => {
    expect(tenantActions({ status: 'cancelled', closedAt: '2026-11-23T05:32:56.274Z' })).toEqual([]);
  });

  it('always lets an open account be closed and its owner re-invited', () => {
    for (const status of accountStatusSchema.options) {
      expect(tenantActions({ status, closedAt: null })).toEqual(expect.arrayContaining(['reissueInvite', 'close']));
    }
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
