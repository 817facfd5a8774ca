import { duplicateTenantDetailSchema, type DuplicateTenantDetail, type DuplicateTenantField } from '@prixagent/contracts';
import { ApiError } from '@prixagent/ui';

/** An existing tenant the new one looks like, and what they share. */
export interface DuplicateMatch {
  account: DuplicateTenantDetail['account'];
  fields: DuplicateTenantField[];
}

/**
 * The tenants a 409 `tenant_possible_duplicate` names, one entry per tenant
 * (the API sends one detail per matching field, so a tenant with the same name
 * and email comes twice); null for any other failure. Details that do not
 * have the contract's shape are skipped rather than trusted.
 */
export function duplicateMatches(error: unknown): DuplicateMatch[] | null {
  if (!(error instanceof ApiError) || error.code !== 'tenant_possible_duplicate') return null;
  const byId = new Map<string, DuplicateMatch>();
  for (const detail of error.details) {
    const parsed = duplicateTenantDetailSchema.safeParse(detail);
    if (!parsed.success) continue;
    const { account, field } = parsed.data;
    const match = byId.get(account.id);
    if (!match) byId.set(account.id, { account, fields: [field] });
    else if (!match.fields.includes(field)) match.fields.push(field);
  }
  return [...byId.values()];
}
