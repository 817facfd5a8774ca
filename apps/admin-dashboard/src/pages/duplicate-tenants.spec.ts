import type { DuplicateTenantDetail } from '@prixagent/contracts';
import { ApiError } from '@prixagent/ui';
import { describe, expect, it } from 'vitest';
import { duplicateMatches } from './duplicate-tenants';

const acme = { id: '0b7c4a52-52a4-4a8e-9d8e-0f0e4f1f6c11', name: 'Acme Voice', slug: 'acme-voice', status: 'active' };
const other = { id: '7f1d2c3b-1111-4a8e-9d8e-0f0e4f1f6c22', name: 'Acme Calls', slug: 'acme-calls', status: 'suspended' };

function duplicateError(details: readonly DuplicateTenantDetail[]): ApiError {
  return new ApiError(409, 'tenant_possible_duplicate', 'This looks like an existing tenant', details);
}

describe('duplicateMatches', () => {
  it('names each matching tenant once, with every field it shares', () => {
    const error = duplicateError([
      { field: 'name', message: 'is the name of the tenant "Acme Voice"', account: acme },
      { field: 'email', message: 'is the email of the tenant "Acme Voice"', account: acme },
      { field: 'email', message: 'is the email of the tenant "Acme Calls"', account: other },
    ]);
    expect(duplicateMatches(error)).toEqual([
      { account: acme, fields: ['name', 'email'] },
      { account: other, fields: ['email'] },
    ]);
  });

  it('skips details without the contract shape, and still says it is a duplicate', () => {
    const error = new ApiError(409, 'tenant_possible_duplicate', 'This looks like an existing tenant', [{ field: 'name', message: 'no account named' }]);
    expect(duplicateMatches(error)).toEqual([]);
  });

  it('is null for any other failure, so the form shows it as a refusal', () => {
    expect(duplicateMatches(new ApiError(409, 'email_in_use', 'taken', [{ field: 'email', message: 'taken' }]))).toBeNull();
    expect(duplicateMatches(new ApiError(0, 'network_error', 'offline'))).toBeNull();
    expect(duplicateMatches(new Error('tenant_possible_duplicate'))).toBeNull();
  });
});
