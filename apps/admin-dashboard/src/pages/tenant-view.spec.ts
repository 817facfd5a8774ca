import { createAccountRequestSchema } from '@prixagent/contracts';
import { ApiError } from '@prixagent/ui';
import { describe, expect, it } from 'vitest';
import { PLANS, isNotFound, isPlan, isTenantId, typedEmailSchema } from './tenant-view';

describe('tenant view', () => {
  it('offers exactly the plans the create-account contract accepts', () => {
    expect([...PLANS].sort()).toEqual([...createAccountRequestSchema.shape.plan.unwrap().options].sort());
  });

  it('recognises known plans only', () => {
    expect(isPlan('pro')).toBe(true);
    expect(isPlan('legacy')).toBe(false);
  });

  it('takes only a UUID for a tenant id', () => {
    expect(isTenantId('0b7c4a52-52a4-4a8e-9d8e-0f0e4f1f6c11')).toBe(true);
    expect(isTenantId('not-a-uuid')).toBe(false);
    expect(isTenantId('')).toBe(false);
    expect(isTenantId('0b7c4a52-52a4-4a8e-9d8e-0f0e4f1f6c11x')).toBe(false);
  });

  it('treats a 404 as not found, and nothing else', () => {
    expect(isNotFound(new ApiError(404, 'not_found', 'Account not found'))).toBe(true);
    // A malformed id used to be a 400 whose "check the fields" made no sense on a page with no form.
    expect(isNotFound(new ApiError(400, 'validation_failed', 'Invalid request'))).toBe(false);
    expect(isNotFound(new ApiError(0, 'network_error', 'offline'))).toBe(false);
    expect(isNotFound(new Error('404'))).toBe(false);
  });

  it('forgives the spaces of a pasted email, and still checks it', () => {
    expect(typedEmailSchema.parse('  Owner@Example.TEST ')).toBe('owner@example.test');
    expect(typedEmailSchema.safeParse('not an email').success).toBe(false);
    expect(typedEmailSchema.safeParse('   ').success).toBe(false);
  });
});
