import { describe, expect, it } from 'vitest';
import { createAccountRequestSchema, duplicateTenantDetailSchema } from './accounts.js';
import { errorResponseSchema } from './common.js';

describe('creating a tenant', () => {
  it('does not allow a possible duplicate unless the request says so', () => {
    const body = { name: 'Acme', email: 'Owner@Acme.example' };
    expect(createAccountRequestSchema.parse(body)).toMatchObject({ allowDuplicate: false, email: 'owner@acme.example', plan: 'starter' });
    expect(createAccountRequestSchema.parse({ ...body, allowDuplicate: true }).allowDuplicate).toBe(true);
    expect(createAccountRequestSchema.safeParse({ ...body, allowDuplicate: 'yes' }).success).toBe(false);
  });

  it('describes a possible duplicate in the common error shape, naming the tenant it matches', () => {
    const detail = { field: 'name', message: 'matches the tenant "Acme" (acme)', account: { id: 'a1', name: 'Acme', slug: 'acme', status: 'active' } };
    expect(duplicateTenantDetailSchema.parse(detail)).toEqual(detail);
    expect(duplicateTenantDetailSchema.safeParse({ ...detail, field: 'slug' }).success).toBe(false);
    const body = { error: { code: 'tenant_possible_duplicate', message: 'x', details: [detail] } };
    // The generic error parser keeps the named tenant: a dashboard reading any error sees it.
    expect(errorResponseSchema.parse(body).error.details[0]?.account).toEqual(detail.account);
  });
});
